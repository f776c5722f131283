//! Files read and written safely: reads that refuse anything but a regular file of bounded
//! size, and output written under a temporary name beside its destination, then renamed
//! into place (a failure leaves the destination as it was and no temporary file).

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The regular file `path` opened, and its length: refuses folders, devices and files over
/// `limit` bytes.
fn open_bounded(path: &Path, limit: u64) -> io::Result<(File, u64)> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file" };
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("is {what}")));
    }
    if meta.len() > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{} bytes is over the limit of {limit}", meta.len())));
    }
    Ok((file, meta.len()))
}

/// The bytes of the regular file `path`; refuses folders, devices and files over `limit` bytes
/// (a link to /dev/zero must not exhaust memory). The error is io's, with what was refused.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let (file, len) = open_bounded(path, limit)?;
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("grew over the limit of {limit} bytes while read")));
    }
    Ok(bytes)
}

/// As read_bounded, with the SHA-256 of the bytes (lowercase hex), computed on a second thread
/// while the file is read, chunk by chunk: reading and hashing an 11 MB file take about as
/// long as the longer of the two.
pub fn read_bounded_hashed(path: &Path, limit: u64) -> io::Result<(Vec<u8>, String)> {
    const CHUNK: usize = 1 << 20;
    let (mut file, len) = open_bounded(path, limit)?;
    let mut bytes = vec![0u8; len as usize];
    let (sender, receiver) = std::sync::mpsc::channel::<&[u8]>();
    let digest = std::thread::scope(|scope| -> io::Result<String> {
        let hasher = scope.spawn(move || {
            let mut sha = crate::sha256::Sha256::new();
            for chunk in receiver {
                sha.update(chunk);
            }
            sha.finish().iter().map(|b| format!("{b:02x}")).collect::<String>()
        });
        for chunk in bytes.chunks_mut(CHUNK) {
            file.read_exact(chunk)?;
            let filled: &[u8] = chunk;
            // The hasher ends only when the channel closes, so the send cannot fail.
            let _ = sender.send(filled);
        }
        drop(sender);
        hasher.join().map_err(|_| io::Error::other("the hashing thread failed"))
    })?;
    let mut probe = [0u8; 1];
    if file.read(&mut probe)? != 0 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "grew while read".to_string()));
    }
    Ok((bytes, digest))
}

/// Reads the regular file `path` (of at most `limit` bytes) once, front to back, handing each
/// of `pieces` ((offset, length), sorted by offset, not overlapping) to `each` as it passes:
/// only one piece is in memory at a time, never the whole file. Returns the file's length and
/// the SHA-256 of all its bytes (lowercase hex): the caller trusts what `each` made only when
/// they are what it expects. A piece past the end, overlapping pieces and a file that grows
/// while read are errors; so is an error `each` returns.
pub fn read_pieces<F>(path: &Path, limit: u64, pieces: &[(usize, usize)], mut each: F) -> io::Result<(u64, String)>
where
    F: FnMut(usize, &[u8]) -> io::Result<()>,
{
    const CHUNK: usize = 1 << 20;
    let (file, _) = open_bounded(path, limit)?;
    let mut file = file.take(limit + 1);
    let mut sha = crate::sha256::Sha256::new();
    let mut position = 0usize;
    let mut buffer = Vec::new();
    let short = |what: String| io::Error::new(io::ErrorKind::UnexpectedEof, what);
    for (index, &(offset, length)) in pieces.iter().enumerate() {
        if offset < position {
            return Err(io::Error::new(io::ErrorKind::InvalidData,
                                      format!("piece {index} at byte {offset} overlaps the one before (which ends at {position})")));
        }
        while position < offset {          // the bytes between pieces: hashed only
            buffer.resize(CHUNK.min(offset - position), 0);
            file.read_exact(&mut buffer).map_err(|_| short(format!("ends before byte {offset}")))?;
            sha.update(&buffer);
            position += buffer.len();
        }
        buffer.resize(length, 0);
        file.read_exact(&mut buffer).map_err(|_| short(format!("ends before byte {}", offset + length)))?;
        sha.update(&buffer);
        position += length;
        each(index, &buffer)?;
    }
    buffer = vec![0u8; CHUNK];
    loop {                                  // the rest of the file
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        sha.update(&buffer[..read]);
        position += read;
    }
    if position as u64 > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("grew over the limit of {limit} bytes while read")));
    }
    Ok((position as u64, sha.finish().iter().map(|b| format!("{b:02x}")).collect()))
}

fn ends_with_separator(path: &Path) -> bool {
    path.as_os_str().as_encoded_bytes().last().is_some_and(|&b| std::path::is_separator(b as char))
}

/// An output file being written: a new temporary file `.<name>.<pid>-<n>.partial` in the
/// destination's folder. `write` fills it at once, or `writer` piece by piece; `finish`
/// renames it into place; dropped before `finish`, it removes the temporary file.
#[derive(Debug)]
pub struct Staged {
    destination: PathBuf,
    temporary: PathBuf,
    file: Option<File>,
    /// Handed out by `writer`: `finish` flushes it to disk and takes it as written.
    pieces: bool,
    finished: bool,
}

static STAGED_COUNT: AtomicU64 = AtomicU64::new(0);

impl Staged {
    /// Checks `destination` before any work (its folder exists, it is not a folder or a
    /// device) and creates the temporary file. The error says which, naming the path.
    pub fn create(destination: &Path) -> Result<Staged, String> {
        let shown = destination.display();
        let name = match destination.file_name() {
            Some(name) if !ends_with_separator(destination) => name,
            _ => return Err(format!("{shown}: names a folder, not a file")),
        };
        match std::fs::metadata(destination) {
            Ok(meta) if meta.is_dir() => return Err(format!("{shown}: is a folder; name a file in it")),
            Ok(meta) if !meta.is_file() => return Err(format!("{shown}: exists and is not a regular file")),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{shown}: {e}")),
        }
        let folder = match destination.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(format!("{shown}: the folder {} does not exist", folder.display()));
        }
        for _ in 0..16 {
            let mut temporary_name = OsString::from(".");
            temporary_name.push(name);
            temporary_name.push(format!(".{}-{}.partial", std::process::id(), STAGED_COUNT.fetch_add(1, Ordering::Relaxed)));
            let temporary = folder.join(temporary_name);
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary) {
                Ok(file) => return Ok(Staged { destination: destination.to_path_buf(), temporary, file: Some(file), pieces: false,
                                                  finished: false }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(format!("{shown}: cannot create a file in {}: {e}", folder.display())),
            }
        }
        Err(format!("{shown}: cannot create a temporary file beside it"))
    }

    pub fn destination(&self) -> &Path {
        &self.destination
    }

    /// Writes `bytes` to the temporary file and flushes them to disk.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let file = self.file.as_mut().ok_or_else(|| io::Error::other("already written"))?;
        file.write_all(bytes)?;
        file.sync_all()?;
        self.file = None;
        Ok(())
    }

    /// The temporary file (another handle on it), to write piece by piece as the output
    /// comes; `finish` flushes what was written to disk.
    pub fn writer(&mut self) -> io::Result<File> {
        let file = self.file.as_ref().ok_or_else(|| io::Error::other("already written"))?.try_clone()?;
        self.pieces = true;
        Ok(file)
    }

    /// Renames the written temporary file to the destination.
    pub fn finish(mut self) -> io::Result<()> {
        match self.file.take() {
            Some(file) if self.pieces => file.sync_all()?,
            Some(_) => return Err(io::Error::other("nothing written")),
            None => {}
        }
        std::fs::rename(&self.temporary, &self.destination)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.finished {
            self.file = None;
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kokoro-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn read_pieces_hands_out_each_piece_once_and_hashes_the_whole_file() {
        let dir = scratch("pieces");
        let path = dir.join("weights");
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let pieces = [(0, 10), (10, 5), (2_000_000, 999_999)];   // a gap of 1,999,985 bytes, a byte after
        let mut seen = Vec::new();
        let (length, digest) = read_pieces(&path, data.len() as u64, &pieces, |index, bytes| {
            let (offset, len) = pieces[index];
            assert_eq!(bytes, &data[offset..offset + len]);
            seen.push(index);
            Ok(())
        }).unwrap();
        assert_eq!((length, digest), (data.len() as u64, crate::sha256::hex_digest(&data)));
        assert_eq!(seen, vec![0, 1, 2]);
        let overlap = read_pieces(&path, data.len() as u64, &[(0, 10), (5, 10)], |_, _| Ok(())).unwrap_err();
        assert!(overlap.to_string().contains("overlaps"), "{overlap}");
        let past = read_pieces(&path, data.len() as u64, &[(2_999_990, 20)], |_, _| Ok(())).unwrap_err();
        assert!(past.to_string().contains("ends before byte 3000010"), "{past}");
        let over = read_pieces(&path, 100, &[], |_, _| Ok(())).unwrap_err();
        assert!(over.to_string().contains("over the limit"), "{over}");
        let stopped = read_pieces(&path, data.len() as u64, &pieces, |index, _| {
            if index == 1 { Err(io::Error::other("no memory")) } else { Ok(()) }
        }).unwrap_err();
        assert_eq!(stopped.to_string(), "no memory");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn staged_output_replaces_the_destination_only_when_finished() {
        let dir = scratch("staged");
        let out = dir.join("out.wav");
        std::fs::write(&out, b"previous").unwrap();
        let mut staged = Staged::create(&out).unwrap();
        staged.write(b"new").unwrap();
        drop(staged); // a failure before finish
        assert_eq!(std::fs::read(&out).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let mut staged = Staged::create(&out).unwrap();
        staged.write(b"new").unwrap();
        staged.finish().unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn staged_output_refuses_folders_and_missing_folders() {
        let dir = scratch("refuse");
        assert!(Staged::create(&dir).unwrap_err().contains("is a folder"));
        assert!(Staged::create(&dir.join("missing").join("x.wav")).unwrap_err().contains("does not exist"));
        assert!(Staged::create(Path::new("/")).unwrap_err().contains("names a folder"));
        let mut slash = dir.join("x.wav").into_os_string();
        slash.push("/");
        assert!(Staged::create(Path::new(&slash)).unwrap_err().contains("names a folder"));
        assert!(Staged::create(Path::new("/dev/null")).unwrap_err().contains("not a regular file"));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bounded_reads_refuse_folders_devices_and_large_files() {
        let dir = scratch("read");
        std::fs::write(dir.join("f"), [1u8; 10]).unwrap();
        assert_eq!(read_bounded(&dir.join("f"), 10).unwrap().len(), 10);
        assert!(read_bounded(&dir.join("f"), 9).unwrap_err().to_string().contains("over the limit"));
        assert!(read_bounded(&dir, 10).unwrap_err().to_string().contains("a folder"));
        assert!(read_bounded(Path::new("/dev/zero"), 10).unwrap_err().to_string().contains("not a regular file"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
