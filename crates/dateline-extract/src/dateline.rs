//! Wire-service dateline parsing ("NUR-SULTAN, January 7. /TASS/.", "WASHINGTON (Reuters) -").
