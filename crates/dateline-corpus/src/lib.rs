//! Readers for annotated corpora.
//!
//! In: the text of a CoNLL-U file (Universal Dependencies) or a two-column IOB2 file.
//! Out: sentences of words with their gold annotations, for training and evaluation.

pub mod conllu;
pub mod iob;
