//! kokoro-tvm: English text or phonemes to a 24 kHz WAV file with the compiled Kokoro models.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kokoro_tvm::files::{read_bounded, Staged};
use kokoro_tvm::g2p::{Dialect, Phonemes, Source};
use kokoro_tvm::manifest::Manifest;
use kokoro_tvm::synth::{dialect_of_voice, load_g2p, nothing_to_speak};
use kokoro_tvm::{wav, Error, Options, Synthesizer};

const USAGE: &str = "\
usage: kokoro-tvm (--text TEXT | --text-file FILE | --phonemes TEXT) --voice VOICE --out FILE.wav|-
                  [--lang en-us|en-gb] [--print-phonemes] [--stream] [--speed X] [--seed N]
                  [--first-chunk N] [--memory MIB] [--models DIR] [--samples FILE.f32] [--times]
                  [--repeat N] [--progress | --no-progress] [--json FILE]
       kokoro-tvm (--text TEXT | --text-file FILE) --print-phonemes [--words] [--lang en-us|en-gb]
                  [--models DIR]

Speaks English text, or Kokoro phonemes (IPA symbols of the model's vocabulary, as misaki
writes them), with the compiled models and writes 16-bit mono WAV at the model's sample rate.
Text becomes phonemes through the models folder's G2P (misaki's lexicons and rules); words in
no lexicon are spelled by letter-to-sound rules and named on standard error.

  --text TEXT      English text to speak (UTF-8)
  --text-file FILE the text from a file ('-': standard input; at most 16 MB)
  --phonemes TEXT  the phonemes to speak (UTF-8)
  --lang L         en-us or en-gb: the text's English (default: en-gb for a voice whose name
                   starts with 'b', as Kokoro's British voices are named, else en-us)
  --print-phonemes print the phonemes the text became (on standard error with --out -);
                   without --voice and --out only that, nothing is synthesized
  --words          with --print-phonemes and no --out: one line per word instead, tab
                   separated: start and end byte, tag, source (lexicon, given, fallback or
                   skipped), the word, its phonemes
  --voice VOICE    the name of a voice in the models folder (e.g. 'synthetic'), or a voice
                   pack file (float32 rows of 256 values) given as a path: containing '/'
                   or ending in .f32 ('./synthetic' is a file, 'synthetic' the bundle's voice)
  --out FILE.wav   where to write the audio: written beside it under a temporary name
                   (.FILE.wav.*.partial) and renamed into place, so a failure leaves a
                   previous file untouched; '-': raw 16-bit little-endian mono PCM on standard
                   output, each chunk as soon as it is synthesized (messages go to standard
                   error), e.g. | aplay -f S16_LE -r 24000 -c 1
  --stream         write FILE.wav in place as the audio comes: a complete WAV file after
                   every chunk, for a player reading it while it grows (a failure leaves
                   the chunks written before it)
  --speed X        speaking rate, > 0 (default 1)
  --seed N         seed of the source generator's noise (default 0): the same seed
                   gives the same audio
  --first-chunk N  the most phonemes of the first chunk (default: what the smallest token
                   bucket holds, for the soonest first audio; each next chunk may be twice
                   the one before); 0: chunks as long as the models allow from the start
  --memory MIB     the most memory one chunk's models may ask for while they run, beside
                   the weights (default 160: the host tool then peaks under 500 MiB for
                   any text); a chunk takes the largest frame bucket within it and longer
                   chunks are split at words; 0: no bound (chunks up to the largest bucket:
                   fewer seams, more memory)
  --models DIR     the models folder of this build (default: ../models beside this program)
  --samples FILE   also write the samples unquantised (raw little-endian float32), as --out
  --times          also print the CPU level whose code runs, each chunk's samples and when
                   it was ready, and the seconds spent in each compiled function; with
                   --print-phonemes alone, how long the lexicon took to load and the text to
                   phonemize
  --progress       a line on standard error as each chunk is ready (the audio so far and
                   the time): the default when standard error is a terminal; --no-progress
                   turns it off
  --json FILE      also write the run's figures as JSON (format 1), for programs: audio_s,
                   frames, durations (frames per token, per chunk), chunks (samples, ready_s),
                   load_s, first_audio_s, synthesis_s, real_time_factor, cpu_level,
                   cpu_levels and functions (function, calls, seconds), the times as --times
                   prints them
  --repeat N       synthesize N times (for measuring: later runs find the models' memory
                   and threads ready, as an app speaking sentence after sentence does); the
                   first run's audio is written, the time and function times reported are
                   the fastest run's
  -h, --help       this text

Exit status: 0 written; 2 bad arguments or input (unknown phonemes, missing or broken voice,
an --out or --samples whose folder is missing or that is a folder); 3 the models folder is
missing, broken (size or sha256 of kokoro.weights) or from another build; 1 a failure while
running (the model gave audio that is not finite: nothing is written, or with --stream and
--out - only the chunks before it), or a CPU without the features of any CPU level the models
were compiled for (the library carries code for several levels: the highest this CPU has runs;
KOKORO_TVM_CPU_LEVEL=LEVEL runs another of them).";

/// What to speak.
enum Input {
    Phonemes(String),
    Text(String),
}

struct Args {
    input: Input,
    lang: Option<Dialect>,
    print_phonemes: bool,
    words: bool,
    voice: Option<OsString>,
    out: Option<PathBuf>,
    speed: f32,
    seed: u64,
    models: Option<PathBuf>,
    samples: Option<PathBuf>,
    stream: bool,
    first_chunk: Option<usize>,
    memory: usize,
    times: bool,
    progress: bool,
    repeat: u32,
    json: Option<PathBuf>,
}

fn parse(mut argv: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let (mut voice, mut out, mut speed, mut seed, mut models) = (None, None, 1.0f32, 0u64, None);
    let (mut samples, mut stream, mut first_chunk, mut times, mut repeat) = (None, false, None, false, 1u32);
    let (mut inputs, mut lang, mut print_phonemes, mut words, mut json) = (Vec::new(), None, false, false, None);
    let mut memory = kokoro_tvm::synth::DEFAULT_MEMORY;
    let mut progress = std::io::stderr().is_terminal();
    while let Some(flag) = argv.next() {
        let flag = flag.into_string().map_err(|f| format!("unknown option {} (not valid UTF-8)", f.to_string_lossy()))?;
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--stream" => {
                stream = true;
                continue;
            }
            "--times" => {
                times = true;
                continue;
            }
            "--progress" | "--no-progress" => {
                progress = flag == "--progress";
                continue;
            }
            "--print-phonemes" => {
                print_phonemes = true;
                continue;
            }
            "--words" => {
                words = true;
                continue;
            }
            _ => {}
        }
        let value = argv.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let text = |value: OsString| value.into_string()
            .map_err(|v| format!("{flag} {}: not valid UTF-8 text", v.to_string_lossy()));
        match flag.as_str() {
            "--phonemes" => inputs.push(Input::Phonemes(text(value)?)),
            "--text" => inputs.push(Input::Text(text(value)?)),
            "--text-file" => inputs.push(Input::Text(read_text_file(&value)?)),
            "--lang" => {
                let value = text(value)?;
                lang = Some(Dialect::parse(&value).ok_or_else(|| format!("--lang {value}: expected en-us or en-gb"))?)
            }
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
            "--first-chunk" => {
                let value = text(value)?;
                first_chunk = Some(value.parse().map_err(|_| format!("--first-chunk {value}: expected a whole number >= 0"))?)
            }
            "--memory" => {
                let value = text(value)?;
                memory = value.parse::<usize>().ok().and_then(|mib| mib.checked_mul(1 << 20))
                    .ok_or_else(|| format!("--memory {value}: expected a whole number of MiB >= 0"))?
            }
            "--repeat" => {
                let value = text(value)?;
                repeat = value.parse().ok().filter(|&n| n >= 1)
                    .ok_or_else(|| format!("--repeat {value}: expected a whole number >= 1"))?
            }
            "--models" => models = Some(PathBuf::from(value)),
            "--samples" => samples = Some(PathBuf::from(value)),
            "--json" => json = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if inputs.len() != 1 {
        return Err(if inputs.is_empty() { "give the text to speak: --text, --text-file or --phonemes" }
                   else { "give one of --text, --text-file and --phonemes, once" }.into());
    }
    let input = inputs.pop().ok_or("no input")?;
    if words && !print_phonemes {
        return Err("--words goes with --print-phonemes".into());
    }
    if print_phonemes && matches!(input, Input::Phonemes(_)) {
        return Err("--print-phonemes shows what --text or --text-file became; --phonemes are already phonemes".into());
    }
    let only_phonemes = print_phonemes && voice.is_none() && out.is_none();
    if words && !only_phonemes {
        return Err("--words prints the words instead of synthesizing: leave out --voice and --out".into());
    }
    if only_phonemes && json.is_some() {
        return Err("--json reports a synthesis: give --voice and --out".into());
    }
    if !only_phonemes {
        voice.as_ref().ok_or("--voice is required")?;
        out.as_ref().ok_or("--out is required")?;
    }
    Ok(Some(Args {
        input,
        lang,
        print_phonemes,
        words,
        voice,
        out,
        speed,
        seed,
        models,
        samples,
        stream,
        first_chunk,
        memory,
        times,
        progress,
        repeat,
        json,
    }))
}

/// The most bytes of text --text-file reads.
const MAX_TEXT_BYTES: u64 = 16 << 20;

fn read_text_file(value: &OsString) -> Result<String, String> {
    let shown = value.to_string_lossy();
    let bytes = if value == "-" {
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(std::io::stdin().lock(), MAX_TEXT_BYTES + 1), &mut data)
            .map_err(|e| format!("--text-file -: standard input: {e}"))?;
        if data.len() as u64 > MAX_TEXT_BYTES {
            return Err(format!("--text-file -: more than {MAX_TEXT_BYTES} bytes; give the text in parts"));
        }
        data
    } else {
        read_bounded(Path::new(value), MAX_TEXT_BYTES).map_err(|e| format!("--text-file {shown}: {e}"))?
    };
    String::from_utf8(bytes).map_err(|e| format!("--text-file {shown}: not UTF-8 text (byte {} is not valid UTF-8)",
                                                  e.utf8_error().valid_up_to()))
}

/// Names the words the fallback spelled and what was skipped, on standard error.
fn report_words(phonemes: &Phonemes) {
    let list = |words: Vec<&str>| {
        let mut shown: Vec<String> = words.iter().take(20).map(|w| format!("'{w}'")).collect();
        if words.len() > 20 {
            shown.push(format!("and {} more", words.len() - 20));
        }
        shown.join(", ")
    };
    let spelled: Vec<&str> = phonemes.fallback_words().map(|w| w.text.as_str()).collect();
    if !spelled.is_empty() {
        complain(format_args!("kokoro-tvm: {} word(s) in no lexicon, spelled by letter-to-sound rules: {}",
                              spelled.len(), list(spelled)));
    }
    let skipped: Vec<&str> = phonemes.skipped().map(|w| w.text.as_str()).collect();
    if !skipped.is_empty() {
        complain(format_args!("kokoro-tvm: {} piece(s) of text with nothing to say, skipped: {}", skipped.len(),
                              list(skipped)));
    }
}

fn tsv(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

/// --print-phonemes without synthesis: the manifest and the lexicon only (no models loaded).
fn print_only(text: &str, dialect: Dialect, words: bool, times: bool, models: &Path) -> Result<(), (u8, String)> {
    let started = Instant::now();
    let manifest = Manifest::load(models).map_err(|e| (3, e))?;
    let lexicon_started = Instant::now();
    let g2p = load_g2p(&manifest, models, dialect).map_err(|e| (3, e))?;
    let loaded = lexicon_started.elapsed().as_secs_f64();
    let phonemize_started = Instant::now();
    let mut result = g2p.phonemize(text);
    let spent = phonemize_started.elapsed().as_secs_f64();
    if times {
        complain(format_args!("kokoro-tvm: lexicon ({} words, {} bytes) loaded and checked in {:.2} ms; {} bytes of text \
                               ({} words) phonemized in {:.2} ms ({:.2} MB/s); {:.2} ms in all",
                              g2p.words(), manifest.lexicons[dialect.name()].size, loaded * 1e3, text.len(), result.words.len(), spent * 1e3,
                              text.len() as f64 / spent.max(1e-9) / 1e6, started.elapsed().as_secs_f64() * 1e3));
    }
    result.phonemes.retain(|c| manifest.vocab.contains_key(&c));
    if words {
        let mut out = std::io::stdout().lock();
        for w in &result.words {
            let source = match w.source {
                Source::Lexicon(r) => format!("lexicon{r}"),
                Source::Given => "given".into(),
                Source::Fallback => "fallback".into(),
                Source::Skipped => "skipped".into(),
            };
            writeln!(out, "{}\t{}\t{}\t{source}\t{}\t{}", w.start, w.end, tsv(&w.tag), tsv(&w.text), w.phonemes)
                .map_err(|e| (1, format!("standard output: {e}")))?;
        }
    } else {
        say(format_args!("{}", result.phonemes));
        report_words(&result);
    }
    Ok(())
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

/// Where the audio goes as it comes (none of it is kept): a staged WAV file renamed into
/// place at the end, a WAV file growing in place, or standard output.
enum Sink {
    AtEnd(Staged, wav::Progressive),
    Growing(wav::Progressive),
    Stdout,
}

fn run(args: Args) -> Result<(), (u8, String)> {
    let started = Instant::now();
    let fail = |e: Error| (exit_code(&e), e.to_string());
    let models = args.models.clone().unwrap_or_else(default_models);
    let dialect = args.lang.unwrap_or_else(|| args.voice.as_deref().map_or(Dialect::Us, dialect_of_voice));
    let (Some(voice_name), Some(out)) = (args.voice.clone(), args.out.clone()) else {
        let Input::Text(text) = &args.input else { return Err((2, "--voice and --out are required".into())) };
        return print_only(text, dialect, args.words, args.times, &models);
    };
    let to_stdout = out.as_os_str() == "-";
    if to_stdout && args.stream {
        return Err((2, "--stream writes a WAV file in place: give --out FILE.wav (--out - streams already)".into()));
    }
    // The outputs first: a missing folder fails before minutes of work.
    let staged_out = if to_stdout { None } else { Some(Staged::create(&out).map_err(|e| (2, format!("--out {e}")))?) };
    let mut samples_out = match &args.samples {
        Some(path) if !to_stdout && same_file(path, &out) => {
            return Err((2, format!("--samples {}: is the --out file", path.display())))
        }
        Some(path) => {
            let mut staged = Staged::create(path).map_err(|e| (2, format!("--samples {e}")))?;
            let file = staged.writer().map_err(|e| (2, format!("--samples {}: {e}", path.display())))?;
            Some((staged, file))
        }
        None => None,
    };
    let json_out = match &args.json {
        Some(path) if (!to_stdout && same_file(path, &out)) || args.samples.as_deref().is_some_and(|s| same_file(path, s)) => {
            return Err((2, format!("--json {}: is the --out or --samples file", path.display())))
        }
        Some(path) => Some(Staged::create(path).map_err(|e| (2, format!("--json {e}")))?),
        None => None,
    };
    let synthesizer = Synthesizer::load(&models).map_err(fail)?;
    let voice = synthesizer.voice(&voice_name).map_err(fail)?;
    let phonemes = match &args.input {
        Input::Phonemes(p) => p.clone(),
        Input::Text(text) => {
            let result = synthesizer.phonemize(text, dialect).map_err(fail)?;
            if args.print_phonemes {
                let line = format_args!("{}", result.phonemes);
                if to_stdout { complain(line) } else { say(line) }
            }
            report_words(&result);
            if result.phonemes.trim().is_empty() {
                return Err(fail(nothing_to_speak(text)));
            }
            result.phonemes
        }
    };
    let rate = synthesizer.manifest().sample_rate;
    let opened = |e: std::io::Error| (2, format!("--out {}: {e}", out.display()));
    let mut sink = match staged_out {
        None => Sink::Stdout,
        // now that the inputs are good: the file is emptied only for audio
        Some(_) if args.stream => Sink::Growing(wav::Progressive::create(&out, rate).map_err(opened)?),
        Some(mut staged) => {
            let file = staged.writer().map_err(opened)?;
            Sink::AtEnd(staged, wav::Progressive::over(file, rate).map_err(opened)?)
        }
    };
    let shown = if to_stdout { "standard output".to_string() } else { out.display().to_string() };
    let loaded = started.elapsed().as_secs_f64();
    let synthesis = Instant::now();
    let mut first_audio = None;
    let mut chunks = Vec::new();
    let mut written = Ok(());
    let options = Options { speed: args.speed, seed: args.seed, first_chunk: args.first_chunk, memory: args.memory };
    let result = synthesizer.stream(&phonemes, &voice, options, |chunk| {
        first_audio.get_or_insert(started.elapsed().as_secs_f64());
        chunks.push((chunk.len(), started.elapsed().as_secs_f64()));
        if args.progress {
            let so_far: usize = chunks.iter().map(|(count, _)| count).sum();
            complain(format_args!("kokoro-tvm: chunk {} ready: {:.2} s of audio so far, at {:.2} s", chunks.len(),
                                  so_far as f64 / synthesizer.manifest().sample_rate as f64,
                                  started.elapsed().as_secs_f64()));
        }
        written = match &mut sink {
            Sink::AtEnd(_, file) | Sink::Growing(file) => file.append(chunk),
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(&wav::pcm16(chunk)).and_then(|_| out.flush())
            }
        }.map_err(|e| format!("{shown}: {e}"));
        if let (Ok(()), Some((staged, file))) = (&written, &mut samples_out) {
            let bytes: Vec<u8> = chunk.iter().flat_map(|v| v.to_le_bytes()).collect();
            written = file.write_all(&bytes).map_err(|e| format!("{}: {e}", staged.destination().display()));
        }
        written.is_ok()
    });
    if let Err(message) = written {
        return Err((1, message));
    }
    let spoken = result.map_err(fail)?;
    let mut seconds = synthesis.elapsed().as_secs_f64();
    let mut function_times = synthesizer.take_function_times();
    for _ in 1..args.repeat {
        let again = Instant::now();
        synthesizer.stream(&phonemes, &voice, options, |_| true).map_err(fail)?;
        let (spent, times) = (again.elapsed().as_secs_f64(), synthesizer.take_function_times());
        if spent < seconds {
            (seconds, function_times) = (spent, times);
        }
    }
    let failed = |staged: &Staged, e: std::io::Error| (1, format!("{}: {e}", staged.destination().display()));
    if let Sink::AtEnd(staged, file) = sink {
        drop(file);
        staged.finish().map_err(|e| (1, format!("{}: {e}", out.display())))?;
    }
    if let Some((staged, file)) = samples_out {
        drop(file);
        let path = staged.destination().to_path_buf();
        staged.finish().map_err(|e| (1, format!("{}: {e}", path.display())))?;
    }
    let audio_seconds = spoken.samples as f64 / spoken.sample_rate as f64;
    let frames: usize = spoken.durations.iter().flatten().sum();
    if let Some(mut staged) = json_out {
        let figures = Figures { audio_seconds, frames, durations: &spoken.durations, chunks: &chunks, loaded,
                                first_audio: first_audio.unwrap_or(0.0), seconds, functions: &function_times,
                                synthesizer: &synthesizer };
        staged.write(figures.to_json().as_bytes()).map_err(|e| failed(&staged, e))?;
        let path = staged.destination().to_path_buf();
        staged.finish().map_err(|e| (1, format!("{}: {e}", path.display())))?;
    }
    let report = |line: std::fmt::Arguments| if to_stdout { complain(line) } else { say(line) };
    report(format_args!("kokoro-tvm: {shown}: {audio_seconds:.2} s of audio ({frames} frames, {} chunk(s)) in {seconds:.2} s \
              (models loaded in {loaded:.2} s, first audio at {:.2} s), real-time factor {:.3}",
             spoken.durations.len(), first_audio.unwrap_or(0.0), seconds / audio_seconds.max(1e-9)));
    if args.times {
        let levels: Vec<&str> = synthesizer.manifest().cpu_levels.iter().map(|l| l.level.as_str()).collect();
        report(format_args!("kokoro-tvm: CPU code for {} (the library's levels: {})", synthesizer.cpu_level().level,
                            levels.join(", ")));
        for (i, (count, at)) in chunks.iter().enumerate() {
            report(format_args!("kokoro-tvm: chunk {}: {count} samples, ready at {at:.2} s", i + 1));
        }
        for (function, calls, spent) in function_times {
            report(format_args!("kokoro-tvm: time {function}: {spent:.3} s in {calls} call(s)"));
        }
    }
    Ok(())
}

/// A run's figures, as --json writes them.
struct Figures<'a> {
    audio_seconds: f64,
    frames: usize,
    durations: &'a [Vec<usize>],
    chunks: &'a [(usize, f64)],
    loaded: f64,
    first_audio: f64,
    seconds: f64,
    functions: &'a [(String, u32, f64)],
    synthesizer: &'a Synthesizer,
}

impl Figures<'_> {
    /// One JSON object (keys sorted, format 1); times in seconds since the program started
    /// (ready_s, first_audio_s) or spent (load_s, synthesis_s, seconds).
    fn to_json(&self) -> String {
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        let chunks = list(self.chunks.iter().map(|(count, at)| format!("{{\"ready_s\": {at:.6}, \"samples\": {count}}}"))
                          .collect());
        let durations = list(self.durations.iter().map(|d| list(d.iter().map(|n| n.to_string()).collect())).collect());
        let functions = list(self.functions.iter()
            .map(|(name, calls, spent)| format!("{{\"calls\": {calls}, \"function\": {}, \"seconds\": {spent:.6}}}",
                                                json_string(name)))
            .collect());
        let levels = list(self.synthesizer.manifest().cpu_levels.iter().map(|l| json_string(&l.level)).collect());
        format!("{{\"audio_s\": {:.6}, \"chunks\": {chunks}, \"cpu_level\": {}, \"cpu_levels\": {levels}, \
                 \"durations\": {durations}, \"first_audio_s\": {:.6}, \"format\": 1, \"frames\": {}, \
                 \"functions\": {functions}, \"load_s\": {:.6}, \"real_time_factor\": {:.6}, \"synthesis_s\": {:.6}}}\n",
                self.audio_seconds, json_string(&self.synthesizer.cpu_level().level), self.first_audio, self.frames,
                self.loaded, self.seconds / self.audio_seconds.max(1e-9), self.seconds)
    }
}

/// A JSON string literal of text.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
