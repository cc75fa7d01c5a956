//! Field deserializers that favour keeping a response over strictness.

use serde::{Deserialize, Deserializer};

/// Treats `null` like a missing field: the type's default. For fields the
/// contract calls non-nullable, where a stray `null` should not sink a list.
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
