//! Parquet exports: typed, nullable columns (64-bit integers, doubles, UTF-8 strings),
//! Snappy-compressed, written in row groups as rows stream in, through the `parquet`
//! crate's column writers (no Arrow).

use crate::export::ColumnType;
use crate::{ExportRow, Result, StoreError};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde_json::Value;
use std::io::Write;
use std::sync::Arc;

/// Rows held before a row group is written: readers skip and read in row groups, and the
/// writer holds one in memory (about 10 MB for documents with their text).
const ROW_GROUP_ROWS: usize = 4096;

impl From<parquet::errors::ParquetError> for StoreError {
    fn from(e: parquet::errors::ParquetError) -> StoreError {
        StoreError::Invalid(format!("parquet: {e}"))
    }
}

/// One column's values of the rows held, with the definition level of each row (0: null).
enum ColumnValues {
    Integer(Vec<i64>),
    Real(Vec<f64>),
    Text(Vec<ByteArray>),
}

struct Column {
    name: &'static str,
    values: ColumnValues,
    defined: Vec<i16>,
}

impl Column {
    /// Adds one row's value; a value of another type than the column's is an error.
    fn push(&mut self, value: Value) -> Result<()> {
        let mismatch = |value: &Value| {
            StoreError::Invalid(format!("parquet: column {} cannot hold {value}", self.name))
        };
        if value.is_null() {
            self.defined.push(0);
            return Ok(());
        }
        match &mut self.values {
            ColumnValues::Integer(values) => {
                values.push(value.as_i64().ok_or_else(|| mismatch(&value))?)
            }
            ColumnValues::Real(values) => {
                values.push(value.as_f64().ok_or_else(|| mismatch(&value))?)
            }
            ColumnValues::Text(values) => match value {
                Value::String(text) => values.push(ByteArray::from(text.into_bytes())),
                other => values.push(ByteArray::from(other.to_string().into_bytes())),
            },
        }
        self.defined.push(1);
        Ok(())
    }
}

/// Writes export rows of one schema to a Parquet file.
pub(crate) struct ParquetWriter<'a> {
    writer: SerializedFileWriter<&'a mut (dyn Write + Send)>,
    columns: Vec<Column>,
    rows: usize,
}

impl<'a> ParquetWriter<'a> {
    pub fn new(
        out: &'a mut (dyn Write + Send),
        schema: &[(&'static str, ColumnType)],
    ) -> Result<ParquetWriter<'a>> {
        let fields: Vec<String> = schema
            .iter()
            .map(|(name, kind)| match kind {
                ColumnType::Integer => format!("OPTIONAL INT64 {name};"),
                ColumnType::Real => format!("OPTIONAL DOUBLE {name};"),
                ColumnType::Text => format!("OPTIONAL BYTE_ARRAY {name} (UTF8);"),
            })
            .collect();
        let message = parse_message_type(&format!("message export {{ {} }}", fields.join(" ")))?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("dateline {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = SerializedFileWriter::new(out, Arc::new(message), Arc::new(properties))?;
        let columns = schema
            .iter()
            .map(|&(name, kind)| Column {
                name,
                values: match kind {
                    ColumnType::Integer => ColumnValues::Integer(Vec::new()),
                    ColumnType::Real => ColumnValues::Real(Vec::new()),
                    ColumnType::Text => ColumnValues::Text(Vec::new()),
                },
                defined: Vec::new(),
            })
            .collect();
        Ok(ParquetWriter {
            writer,
            columns,
            rows: 0,
        })
    }

    /// Adds one row, values in schema order.
    pub fn push(&mut self, row: ExportRow) -> Result<()> {
        if row.len() != self.columns.len() {
            return Err(StoreError::Invalid(format!(
                "parquet: a row of {} values for {} columns",
                row.len(),
                self.columns.len()
            )));
        }
        for (column, value) in self.columns.iter_mut().zip(row) {
            column.push(value)?;
        }
        self.rows += 1;
        if self.rows == ROW_GROUP_ROWS {
            self.write_row_group()?;
        }
        Ok(())
    }

    /// Writes the rows held as one row group.
    fn write_row_group(&mut self) -> Result<()> {
        let mut group = self.writer.next_row_group()?;
        for column in &mut self.columns {
            let mut writer = group
                .next_column()?
                .ok_or_else(|| StoreError::Invalid("parquet: fewer columns than values".into()))?;
            let defined = Some(column.defined.as_slice());
            match &mut column.values {
                ColumnValues::Integer(values) => {
                    writer
                        .typed::<Int64Type>()
                        .write_batch(values, defined, None)?;
                    values.clear();
                }
                ColumnValues::Real(values) => {
                    writer
                        .typed::<DoubleType>()
                        .write_batch(values, defined, None)?;
                    values.clear();
                }
                ColumnValues::Text(values) => {
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(values, defined, None)?;
                    values.clear();
                }
            }
            column.defined.clear();
            writer.close()?;
        }
        group.close()?;
        self.rows = 0;
        Ok(())
    }

    /// Writes the last row group and the file's footer.
    pub fn finish(mut self) -> Result<()> {
        if self.rows > 0 {
            self.write_row_group()?;
        }
        self.writer.close()?;
        Ok(())
    }
}
