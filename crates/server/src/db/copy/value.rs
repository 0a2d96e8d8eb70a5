//! One field on its way from one engine to the other: read as the source holds it, made into
//! what the target's column takes (SQLite's 0/1 into PostgreSQL's BOOLEAN and back), bound
//! typed so that PostgreSQL knows even a NULL's type.

use sqlx::postgres::PgRow;
use sqlx::query_builder::Separated;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Database, Encode, Row, Type, TypeInfo, ValueRef};

use super::CopyError;

/// What a target column takes, from its declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// INTEGER, BIGINT, ...
    Integer,
    /// BOOLEAN: PostgreSQL's own, SQLite's 0 and 1.
    Boolean,
    /// TEXT, VARCHAR, ...
    Text,
    /// BLOB, BYTEA.
    Bytes,
    /// REAL, DOUBLE PRECISION.
    Real,
    /// A SQLite column declared without a type we know: whatever the source holds.
    Any,
}

impl Family {
    /// The family of a column SQLite declares as `declared`, by SQLite's own rules of
    /// affinity (`INT` anywhere makes an integer, ...), with BOOLEAN told apart: SQLite keeps
    /// it as 0 and 1, PostgreSQL wants a truth value.
    pub fn of_sqlite(declared: &str) -> Self {
        let declared = declared.to_ascii_uppercase();
        if declared.contains("INT") {
            Self::Integer
        } else if declared.contains("BOOL") {
            Self::Boolean
        } else if ["CHAR", "CLOB", "TEXT", "JSON"].iter().any(|text| declared.contains(text)) {
            Self::Text
        } else if declared.contains("BLOB") {
            Self::Bytes
        } else if ["REAL", "FLOA", "DOUB"].iter().any(|real| declared.contains(real)) {
            Self::Real
        } else {
            Self::Any
        }
    }

    /// The family of a PostgreSQL column of `data_type` (as `information_schema` spells it).
    pub fn of_postgres(data_type: &str) -> Option<Self> {
        match data_type {
            "bigint" | "integer" | "smallint" => Some(Self::Integer),
            "boolean" => Some(Self::Boolean),
            "text" | "character varying" | "character" => Some(Self::Text),
            "bytea" => Some(Self::Bytes),
            "double precision" | "real" => Some(Self::Real),
            _ => None,
        }
    }
}

/// A field as read, engine-neutral.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// Any integer.
    Integer(i64),
    /// A truth value (PostgreSQL's BOOLEAN).
    Boolean(bool),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// A floating-point number.
    Real(f64),
}

impl Value {
    /// This value as a column of `family` takes it; `None` when it cannot be (text where a
    /// number belongs): the caller names the table and column.
    pub fn fit(self, family: Family) -> Option<Self> {
        Some(match (self, family) {
            (value, Family::Any) => value,
            (Self::Null, _) => Self::Null,
            (Self::Integer(number), Family::Integer) => Self::Integer(number),
            (Self::Integer(number), Family::Boolean) => Self::Boolean(number != 0),
            (Self::Integer(number), Family::Real) => Self::Real(number as f64),
            (Self::Boolean(truth), Family::Boolean) => Self::Boolean(truth),
            (Self::Boolean(truth), Family::Integer) => Self::Integer(i64::from(truth)),
            (Self::Text(text), Family::Text) => Self::Text(text),
            (Self::Bytes(bytes), Family::Bytes) => Self::Bytes(bytes),
            (Self::Real(number), Family::Real) => Self::Real(number),
            _ => return None,
        })
    }

    /// What kind of value this is, for an error message.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "NULL",
            Self::Integer(_) => "an integer",
            Self::Boolean(_) => "a truth value",
            Self::Text(_) => "text",
            Self::Bytes(_) => "bytes",
            Self::Real(_) => "a real number",
        }
    }
}

/// A SQLite row's fields, each by what it holds: SQLite types values, not columns, so the
/// value's own storage class is the truth.
pub fn sqlite_row(row: &SqliteRow) -> Result<Vec<Value>, CopyError> {
    (0..row.len())
        .map(|at| {
            let raw = row.try_get_raw(at)?;
            if raw.is_null() {
                return Ok(Value::Null);
            }
            let class = raw.type_info().name().to_owned();
            Ok(match class.as_str() {
                "INTEGER" => Value::Integer(row.try_get_unchecked(at)?),
                "REAL" => Value::Real(row.try_get_unchecked(at)?),
                "BLOB" => Value::Bytes(row.try_get_unchecked(at)?),
                _ => Value::Text(row.try_get_unchecked(at)?),
            })
        })
        .collect()
}

/// A PostgreSQL row's fields, each by its column's type.
pub fn postgres_row(row: &PgRow) -> Result<Vec<Value>, CopyError> {
    row.columns()
        .iter()
        .enumerate()
        .map(|(at, column)| {
            let value = match column.type_info().name() {
                "INT8" => row.try_get::<Option<i64>, _>(at)?.map(Value::Integer),
                "INT4" => row.try_get::<Option<i32>, _>(at)?.map(|number| Value::Integer(number.into())),
                "INT2" => row.try_get::<Option<i16>, _>(at)?.map(|number| Value::Integer(number.into())),
                "BOOL" => row.try_get::<Option<bool>, _>(at)?.map(Value::Boolean),
                "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => row.try_get::<Option<String>, _>(at)?.map(Value::Text),
                "BYTEA" => row.try_get::<Option<Vec<u8>>, _>(at)?.map(Value::Bytes),
                "FLOAT8" => row.try_get::<Option<f64>, _>(at)?.map(Value::Real),
                "FLOAT4" => row.try_get::<Option<f32>, _>(at)?.map(|number| Value::Real(number.into())),
                other => return Err(CopyError::Unsupported { column: column.name().to_owned(), kind: other.into() }),
            };
            Ok(value.unwrap_or(Value::Null))
        })
        .collect()
}

/// Binds `value`, already fit to `family`, as the next field of a row of `INSERT … VALUES`.
/// A NULL is bound as the column's type: PostgreSQL refuses a BIGINT NULL for a BOOLEAN.
pub fn bind<'args, DB>(fields: &mut Separated<'_, 'args, DB, &'static str>, value: Value, family: Family)
where
    DB: Database,
    Option<i64>: Encode<'args, DB> + Type<DB>,
    Option<bool>: Encode<'args, DB> + Type<DB>,
    Option<String>: Encode<'args, DB> + Type<DB>,
    Option<Vec<u8>>: Encode<'args, DB> + Type<DB>,
    Option<f64>: Encode<'args, DB> + Type<DB>,
{
    match (value, family) {
        (Value::Integer(number), _) => fields.push_bind(Some(number)),
        (Value::Boolean(truth), _) => fields.push_bind(Some(truth)),
        (Value::Text(text), _) => fields.push_bind(Some(text)),
        (Value::Bytes(bytes), _) => fields.push_bind(Some(bytes)),
        (Value::Real(number), _) => fields.push_bind(Some(number)),
        (Value::Null, Family::Boolean) => fields.push_bind(None::<bool>),
        (Value::Null, Family::Text | Family::Any) => fields.push_bind(None::<String>),
        (Value::Null, Family::Bytes) => fields.push_bind(None::<Vec<u8>>),
        (Value::Null, Family::Real) => fields.push_bind(None::<f64>),
        (Value::Null, Family::Integer) => fields.push_bind(None::<i64>),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_fall_into_families_as_sqlite_reads_them() {
        assert_eq!(Family::of_sqlite("INTEGER"), Family::Integer);
        assert_eq!(Family::of_sqlite("bigint"), Family::Integer);
        assert_eq!(Family::of_sqlite("BOOLEAN"), Family::Boolean);
        assert_eq!(Family::of_sqlite("TEXT"), Family::Text);
        assert_eq!(Family::of_sqlite("VARCHAR(20)"), Family::Text);
        assert_eq!(Family::of_sqlite("BLOB"), Family::Bytes);
        assert_eq!(Family::of_sqlite("REAL"), Family::Real);
        assert_eq!(Family::of_sqlite(""), Family::Any);
        assert_eq!(Family::of_postgres("bigint"), Some(Family::Integer));
        assert_eq!(Family::of_postgres("bytea"), Some(Family::Bytes));
        assert_eq!(Family::of_postgres("jsonb"), None);
    }

    #[test]
    fn truth_values_cross_between_zero_and_one_and_booleans() {
        assert_eq!(Value::Integer(1).fit(Family::Boolean), Some(Value::Boolean(true)));
        assert_eq!(Value::Integer(0).fit(Family::Boolean), Some(Value::Boolean(false)));
        assert_eq!(Value::Boolean(true).fit(Family::Integer), Some(Value::Integer(1)));
        assert_eq!(Value::Boolean(false).fit(Family::Integer), Some(Value::Integer(0)));
        assert_eq!(Value::Null.fit(Family::Boolean), Some(Value::Null));
    }

    #[test]
    fn text_where_a_number_belongs_does_not_fit() {
        assert_eq!(Value::Text("12".into()).fit(Family::Integer), None);
        assert_eq!(Value::Integer(12).fit(Family::Text), None);
        assert_eq!(Value::Text("x".into()).fit(Family::Any), Some(Value::Text("x".into())));
    }
}
