//! The CPU features the models' code was compiled for (the manifest's `cpu`), against this CPU.
//!
//! In:  the feature names the manifest lists (Rust's std::arch detection names, written by the
//!      build from its table of CPU levels), and this CPU's features: detected, or the list in
//!      KOKORO_TVM_CPU_FEATURES (comma-separated) when it is set, to see how a CPU with only
//!      those features is answered.
//! Out: the features this CPU lacks; a name this program does not know counts as lacking.

/// Replaces the detected features when set (comma-separated names).
pub const FEATURES_VARIABLE: &str = "KOKORO_TVM_CPU_FEATURES";

/// Whether this CPU has a feature, by std::arch's name; None for a name not known here.
#[cfg(target_arch = "x86_64")]
fn detected(name: &str) -> Option<bool> {
    macro_rules! known {
        ($($feature:tt),*) => {
            match name {
                $($feature => Some(is_x86_feature_detected!($feature)),)*
                _ => None,
            }
        };
    }
    known!("cmpxchg16b", "popcnt", "sse3", "sse4.1", "sse4.2", "ssse3", "avx", "avx2", "bmi1", "bmi2", "f16c",
           "fma", "lzcnt", "movbe", "xsave", "avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl")
}

#[cfg(target_arch = "aarch64")]
fn detected(name: &str) -> Option<bool> {
    match name {
        "neon" => Some(std::arch::is_aarch64_feature_detected!("neon")),
        _ => None,
    }
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn detected(_name: &str) -> Option<bool> {
    None
}

/// The features of `needed` this CPU lacks, in their order; `given`: the features to assume
/// instead of detecting them (KOKORO_TVM_CPU_FEATURES).
pub fn missing(needed: &[String], given: Option<&str>) -> Vec<String> {
    let has = |name: &str| match given {
        Some(list) => list.split(',').any(|f| f.trim() == name),
        None => detected(name).unwrap_or(false),
    };
    needed.iter().filter(|name| !has(name)).cloned().collect()
}

/// The same, with the features of KOKORO_TVM_CPU_FEATURES when it is set.
pub fn missing_here(needed: &[String]) -> Vec<String> {
    let given = std::env::var(FEATURES_VARIABLE).ok();
    missing(needed, given.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_given_list_replaces_detection() {
        let needed = names(&["avx2", "fma", "avx512f"]);
        assert_eq!(missing(&needed, Some("avx2,fma")), names(&["avx512f"]));
        assert_eq!(missing(&needed, Some(" avx2 , fma , avx512f ")), Vec::<String>::new());
        assert_eq!(missing(&needed, Some("")), needed);
    }

    #[test]
    fn an_unknown_feature_counts_as_missing() {
        assert_eq!(missing(&names(&["warp-drive"]), None), names(&["warp-drive"]));
        assert!(missing(&[], None).is_empty());
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn detection_agrees_with_std() {
        assert_eq!(missing(&names(&["sse3"]), None).is_empty(), is_x86_feature_detected!("sse3"));
        assert_eq!(missing(&names(&["avx512f"]), None).is_empty(), is_x86_feature_detected!("avx512f"));
    }
}
