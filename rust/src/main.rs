//! kokoro-tvm: phonemes to a 24 kHz WAV file with the compiled Kokoro models.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kokoro_tvm::files::Staged;
use kokoro_tvm::{wav, Error, Options, Synthesizer};

const USAGE: &str = "\
usage: kokoro-tvm --phonemes TEXT --voice VOICE --out FILE.wav [--speed X] [--seed N] [--models DIR]
                  [--samples FILE.f32]

Speaks Kokoro phonemes (IPA symbols of the model's vocabulary, as misaki writes them)
with the compiled models and writes 16-bit mono WAV at the model's sample rate.

  --phonemes TEXT  the phonemes to speak (UTF-8)
  --voice VOICE    the name of a voice in the models folder (e.g. 'synthetic'), or a voice
                   pack file (float32 rows of 256 values) given as a path: containing '/'
                   or ending in .f32 ('./synthetic' is a file, 'synthetic' the bundle's voice)
  --out FILE.wav   where to write the audio: written beside it under a temporary name
                   (.FILE.wav.*.partial) and renamed into place, so a failure leaves a
                   previous file untouched
  --speed X        speaking rate, > 0 (default 1)
  --seed N         seed of the source generator's noise (default 0): the same seed
                   gives the same audio
  --models DIR     the models folder of this build (default: ../models beside this program)
  --samples FILE   also write the samples unquantised (raw little-endian float32), as --out
  -h, --help       this text

Exit status: 0 written; 2 bad arguments or input (unknown phonemes, missing or broken voice,
an --out or --samples whose folder is missing or that is a folder); 3 the models folder is
missing, broken (size or sha256 of kokoro.weights) or from another build; 1 a failure while
running (the model gave audio that is not finite: nothing is written).";

struct Args {
    phonemes: String,
    voice: OsString,
    out: PathBuf,
    speed: f32,
    seed: u64,
    models: Option<PathBuf>,
    samples: Option<PathBuf>,
}

fn parse(mut argv: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let (mut phonemes, mut voice, mut out, mut speed, mut seed, mut models) = (None, None, None, 1.0f32, 0u64, None);
    let mut samples = None;
    while let Some(flag) = argv.next() {
        let flag = flag.into_string().map_err(|f| format!("unknown option {} (not valid UTF-8)", f.to_string_lossy()))?;
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let value = argv.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let text = |value: OsString| value.into_string()
            .map_err(|v| format!("{flag} {}: not valid UTF-8 text", v.to_string_lossy()));
        match flag.as_str() {
            "--phonemes" => phonemes = Some(text(value)?),
            "--voice" => voice = Some(value),
            "--out" => out = Some(PathBuf::from(value)),
            "--speed" => {
                let value = text(value)?;
                speed = value.parse().ok().filter(|s: &f32| *s > 0.0 && s.is_finite())
                    .ok_or_else(|| format!("--speed {value}: expected a number above 0"))?
            }
            "--seed" => {
                let value = text(value)?;
                seed = value.parse().map_err(|_| format!("--seed {value}: expected a whole number >= 0"))?
            }
            "--models" => models = Some(PathBuf::from(value)),
            "--samples" => samples = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(Some(Args {
        phonemes: phonemes.ok_or("--phonemes is required")?,
        voice: voice.ok_or("--voice is required")?,
        out: out.ok_or("--out is required")?,
        speed,
        seed,
        models,
        samples,
    }))
}

fn default_models() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent().and_then(|bin| bin.parent()).map(|root| root.join("models")).unwrap_or_else(|| PathBuf::from("models"))
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::Bundle(_) => 3,
        Error::Tvm(_) | Error::Output(_) | Error::Device(_) | Error::Cancelled(_) => 1,
        Error::Text(_) | Error::Voice(_) | Error::Input(_) => 2,
    }
}

/// True when two output paths (their folders exist) name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    let place = |p: &Path| {
        let folder = p.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
        (std::fs::canonicalize(folder).ok(), p.file_name().map(|n| n.to_os_string()))
    };
    a == b || place(a) == place(b)
}

fn run(args: Args) -> Result<(), (u8, String)> {
    let started = Instant::now();
    let fail = |e: Error| (exit_code(&e), e.to_string());
    // The outputs first: a missing folder fails before minutes of work.
    let mut out = Staged::create(&args.out).map_err(|e| (2, format!("--out {e}")))?;
    let mut samples_out = match &args.samples {
        Some(path) if same_file(path, &args.out) => return Err((2, format!("--samples {}: is the --out file", path.display()))),
        Some(path) => Some(Staged::create(path).map_err(|e| (2, format!("--samples {e}")))?),
        None => None,
    };
    let synthesizer = Synthesizer::load(&args.models.unwrap_or_else(default_models)).map_err(fail)?;
    let voice = synthesizer.voice(&args.voice).map_err(fail)?;
    let loaded = started.elapsed().as_secs_f64();
    let synthesis = Instant::now();
    let mut first_audio = None;
    let audio = synthesizer
        .synthesize_with(&args.phonemes, &voice, Options { speed: args.speed, seed: args.seed }, |_| {
            first_audio.get_or_insert(started.elapsed().as_secs_f64());
            true
        })
        .map_err(fail)?;
    let seconds = synthesis.elapsed().as_secs_f64();
    wav::check(&audio.samples).map_err(|e| (1, format!("{}: {e}", args.out.display())))?;
    let written = |staged: &Staged, e: std::io::Error| (1, format!("{}: {e}", staged.destination().display()));
    out.write(&wav::encode(&audio.samples, audio.sample_rate)).map_err(|e| written(&out, e))?;
    if let Some(staged) = samples_out.as_mut() {
        let bytes: Vec<u8> = audio.samples.iter().flat_map(|v| v.to_le_bytes()).collect();
        staged.write(&bytes).map_err(|e| written(staged, e))?;
    }
    out.finish().map_err(|e| (1, format!("{}: {e}", args.out.display())))?;
    if let Some(staged) = samples_out {
        let path = staged.destination().to_path_buf();
        staged.finish().map_err(|e| (1, format!("{}: {e}", path.display())))?;
    }
    let audio_seconds = audio.samples.len() as f64 / audio.sample_rate as f64;
    let frames: usize = audio.durations.iter().flatten().sum();
    say(format_args!("kokoro-tvm: {}: {audio_seconds:.2} s of audio ({frames} frames, {} chunk(s)) in {seconds:.2} s \
              (models loaded in {loaded:.2} s, first audio at {:.2} s), real-time factor {:.3}",
             args.out.display(), audio.durations.len(), first_audio.unwrap_or(0.0), seconds / audio_seconds.max(1e-9)));
    Ok(())
}

/// Prints a line on stdout; a closed stdout is not an error of the synthesis (println! would panic).
fn say(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Prints a line on stderr, ignoring a closed stderr.
fn complain(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn main() -> ExitCode {
    // TVM's thread pool counts physical cores; use every core the system gives this process.
    if std::env::var_os("TVM_NUM_THREADS").is_none() {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        std::env::set_var("TVM_NUM_THREADS", cores.to_string());
    }
    match parse(std::env::args_os().skip(1)) {
        Ok(None) => {
            say(format_args!("{USAGE}"));
            ExitCode::SUCCESS
        }
        Err(message) => {
            complain(format_args!("kokoro-tvm: {message}\n\n{USAGE}"));
            ExitCode::from(2)
        }
        Ok(Some(args)) => match run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err((code, message)) => {
                complain(format_args!("kokoro-tvm: {message}"));
                ExitCode::from(code)
            }
        },
    }
}
