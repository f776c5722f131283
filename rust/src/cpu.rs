//! The CPU levels the models' code was compiled for (the manifest's `cpu.levels`), against this CPU.
//!
//! In:  the levels the manifest lists, highest first, each with the feature names its code
//!      needs (Rust's std::arch detection names, written by the build from its table of CPU
//!      levels); this CPU's features: detected, or the list in KOKORO_TVM_CPU_FEATURES
//!      (comma-separated) when it is set, to see how a CPU with only those features is
//!      answered; KOKORO_TVM_CPU_LEVEL, a level to run instead of the highest this CPU has.
//! Out: the level to run (the first this CPU has every feature of), or why none can run: the
//!      features each level lacks (a name this program does not know counts as lacking).

use crate::manifest::CpuLevel;

/// Replaces the detected features when set (comma-separated names).
pub const FEATURES_VARIABLE: &str = "KOKORO_TVM_CPU_FEATURES";
/// Runs the code of this level (one the manifest lists) instead of the highest this CPU has.
pub const LEVEL_VARIABLE: &str = "KOKORO_TVM_CPU_LEVEL";

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

/// The level to run of `levels` (highest first): the one named `chosen` (KOKORO_TVM_CPU_LEVEL)
/// or else the first whose features this CPU has (`given`: as for missing()). The error says
/// what each level lacks.
pub fn choose<'a>(levels: &'a [CpuLevel], given: Option<&str>, chosen: Option<&str>) -> Result<&'a CpuLevel, String> {
    let names = levels.iter().map(|l| l.level.as_str()).collect::<Vec<_>>().join(", ");
    let candidates: Vec<&CpuLevel> = match chosen {
        Some(name) => levels.iter().filter(|l| l.level == name).collect(),
        None => levels.iter().collect(),
    };
    if candidates.is_empty() {
        return Err(format!("{LEVEL_VARIABLE}={}: these models carry code for {names} only: set it to one of them, or \
                            unset it to run the highest this CPU has", chosen.unwrap_or("")));
    }
    let mut lacking = Vec::new();
    for level in candidates {
        let absent = missing(&level.features, given);
        if absent.is_empty() {
            return Ok(level);
        }
        lacking.push(format!("{} needs {}", level.level, absent.join(", ")));
    }
    Err(format!("these models carry code for the CPU level{} {names} (the manifest's cpu.levels), and this CPU{} lacks \
                 what each needs: {}: run them on a CPU that has one, or build them for this architecture's default \
                 levels (./scons without CPU_LEVEL=)", if levels.len() > 1 { "s" } else { "" },
                if given.is_some() { format!(" (as {FEATURES_VARIABLE} says)") } else { String::new() },
                lacking.join("; ")))
}

/// The same, with this CPU's features (or KOKORO_TVM_CPU_FEATURES's) and KOKORO_TVM_CPU_LEVEL.
pub fn choose_here(levels: &[CpuLevel]) -> Result<&CpuLevel, String> {
    let given = std::env::var(FEATURES_VARIABLE).ok();
    let chosen = std::env::var(LEVEL_VARIABLE).ok().filter(|v| !v.is_empty());
    choose(levels, given.as_deref(), chosen.as_deref())
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

    fn level(name: &str, features: &[&str]) -> CpuLevel {
        CpuLevel { level: name.into(), features: names(features), system_lib_prefix: format!("p_{name}_") }
    }

    #[test]
    fn the_highest_level_this_cpu_has_runs() {
        let levels = [level("v4", &["avx2", "avx512f"]), level("v3", &["avx2"])];
        assert_eq!(choose(&levels, Some("avx2,avx512f"), None).unwrap().level, "v4");
        assert_eq!(choose(&levels, Some("avx2"), None).unwrap().level, "v3");
        assert_eq!(choose(&levels, Some("avx2,avx512f"), Some("v3")).unwrap().level, "v3");
        let none = choose(&levels, Some("sse3"), None).unwrap_err();
        assert!(none.contains("the CPU levels v4, v3 (the manifest's cpu.levels)"), "{none}");
        assert!(none.contains("v4 needs avx2, avx512f; v3 needs avx2") && none.contains(FEATURES_VARIABLE), "{none}");
        let forced = choose(&levels, Some("avx2"), Some("v4")).unwrap_err();
        assert!(forced.contains("v4 needs avx512f") && !forced.contains("v3 needs"), "{forced}");
        let unknown = choose(&levels, None, Some("v9")).unwrap_err();
        assert!(unknown.contains("KOKORO_TVM_CPU_LEVEL=v9: these models carry code for v4, v3 only"), "{unknown}");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn detection_agrees_with_std() {
        assert_eq!(missing(&names(&["sse3"]), None).is_empty(), is_x86_feature_detected!("sse3"));
        assert_eq!(missing(&names(&["avx512f"]), None).is_empty(), is_x86_feature_detected!("avx512f"));
    }
}
