//! A small safe layer over the tvm-ffi C ABI: owned values, functions, modules, tensors,
//! errors as `Result` with TVM's message. Reference counts are released on drop.

use std::ffi::CString;
use std::fmt;
use std::os::raw::c_void;

use crate::ffi::{self, type_index as ti, DLDataType, DLDevice, TVMFFIAny};

/// An error raised by TVM (its kind and message) or by this layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TvmError {
    pub kind: String,
    pub message: String,
}

impl fmt::Display for TvmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for TvmError {}

pub type Result<T> = std::result::Result<T, TvmError>;

fn error(kind: &str, message: impl Into<String>) -> TvmError {
    TvmError { kind: kind.to_string(), message: message.into() }
}

unsafe fn byte_array_text(bytes: &ffi::TVMFFIByteArray) -> String {
    if bytes.data.is_null() {
        return String::new();
    }
    let slice = std::slice::from_raw_parts(bytes.data as *const u8, bytes.size);
    String::from_utf8_lossy(slice).into_owned()
}

/// The error TVM raised in this thread (after a call returned non-zero).
fn raised() -> TvmError {
    let mut handle: ffi::TVMFFIObjectHandle = std::ptr::null_mut();
    unsafe {
        ffi::TVMFFIErrorMoveFromRaised(&mut handle);
        if handle.is_null() {
            return error("RuntimeError", "a TVM call failed without an error object");
        }
        let cell = &*((handle as *const u8).add(std::mem::size_of::<ffi::TVMFFIObject>())
            as *const ffi::TVMFFIErrorCell);
        let result = TvmError { kind: byte_array_text(&cell.kind), message: byte_array_text(&cell.message) };
        ffi::TVMFFIObjectDecRef(handle);
        result
    }
}

/// An owned value; an object it holds is released on drop.
pub struct Any(TVMFFIAny);

impl Any {
    fn none() -> Any {
        Any(TVMFFIAny::NONE)
    }

    pub fn type_index(&self) -> i32 {
        self.0.type_index
    }

    fn is_object(&self) -> bool {
        self.0.type_index >= ti::STATIC_OBJECT_BEGIN
    }

    fn object(&self) -> *mut c_void {
        self.0.payload as usize as *mut c_void
    }

    /// A view of this value to pass as an argument (borrowed: no reference taken).
    pub fn view(&self) -> Arg<'_> {
        Arg { value: self.0, _borrow: std::marker::PhantomData }
    }

    fn expect(self, type_index: i32, what: &str) -> Result<Any> {
        if self.0.type_index == type_index {
            Ok(self)
        } else {
            Err(error("TypeError", format!("expected {what}, TVM returned a value of type index {}",
                                           self.0.type_index)))
        }
    }

    pub fn as_int(&self) -> Result<i64> {
        match self.0.type_index {
            ti::INT | ti::BOOL => Ok(self.0.payload as i64),
            other => Err(error("TypeError", format!("expected an integer, got type index {other}"))),
        }
    }
}

impl Drop for Any {
    fn drop(&mut self) {
        if self.is_object() {
            unsafe { ffi::TVMFFIObjectDecRef(self.object()) };
        }
    }
}

/// An argument of a call: a plain value, or a borrowed view of an object.
#[derive(Clone, Copy)]
pub struct Arg<'a> {
    value: TVMFFIAny,
    _borrow: std::marker::PhantomData<&'a ()>,
}

impl<'a> Arg<'a> {
    fn plain(type_index: i32, payload: u64) -> Arg<'static> {
        Arg { value: TVMFFIAny { type_index, small_str_len: 0, payload }, _borrow: std::marker::PhantomData }
    }
    pub fn none() -> Arg<'static> {
        Arg::plain(ti::NONE, 0)
    }
    pub fn int(v: i64) -> Arg<'static> {
        Arg::plain(ti::INT, v as u64)
    }
    pub fn bool(v: bool) -> Arg<'static> {
        Arg::plain(ti::BOOL, v as u64)
    }
    pub fn device(d: DLDevice) -> Arg<'static> {
        Arg::plain(ti::DEVICE, (d.device_type as u32 as u64) | ((d.device_id as u32 as u64) << 32))
    }
    pub fn dtype(t: DLDataType) -> Arg<'static> {
        Arg::plain(ti::DATA_TYPE, (t.code as u64) | ((t.bits as u64) << 8) | ((t.lanes as u64) << 16))
    }
    pub fn ptr(p: *const c_void) -> Arg<'static> {
        Arg::plain(ti::OPAQUE_PTR, p as usize as u64)
    }
    /// A NUL-terminated string, alive as long as the argument.
    pub fn str(s: &'a CString) -> Arg<'a> {
        Arg { value: TVMFFIAny { type_index: ti::RAW_STR, small_str_len: 0, payload: s.as_ptr() as usize as u64 },
              _borrow: std::marker::PhantomData }
    }
}

/// A packed function.
pub struct Function(Any);

impl Function {
    /// A function registered globally under `name`.
    pub fn global(name: &str) -> Result<Function> {
        let bytes = ffi::TVMFFIByteArray { data: name.as_ptr() as *const _, size: name.len() };
        let mut handle: ffi::TVMFFIObjectHandle = std::ptr::null_mut();
        if unsafe { ffi::TVMFFIFunctionGetGlobal(&bytes, &mut handle) } != 0 {
            return Err(raised());
        }
        if handle.is_null() {
            return Err(error("ValueError", format!("no global function '{name}' (is the TVM runtime linked whole?)")));
        }
        Ok(Function(Any(TVMFFIAny { type_index: ti::FUNCTION, small_str_len: 0, payload: handle as usize as u64 })))
    }

    pub fn call(&self, args: &[Arg<'_>]) -> Result<Any> {
        let mut values: Vec<TVMFFIAny> = args.iter().map(|a| a.value).collect();
        let mut result = Any::none();
        let rc = unsafe {
            ffi::TVMFFIFunctionCall(self.0.object(), values.as_mut_ptr(), values.len() as i32, &mut result.0)
        };
        if rc != 0 {
            return Err(raised());
        }
        Ok(result)
    }
}

/// A module (a system library, the Relax VM).
pub struct Module(Any);

impl Module {
    pub fn from_any(value: Any, what: &str) -> Result<Module> {
        value.expect(ti::MODULE, what).map(Module)
    }

    /// The system library registered under `prefix` (`ffi.SystemLib`).
    pub fn system_lib(prefix: &str) -> Result<Module> {
        let name = CString::new(prefix).map_err(|_| error("ValueError", "prefix holds a NUL byte"))?;
        let lib = Function::global("ffi.SystemLib")?.call(&[Arg::str(&name)])?;
        Module::from_any(lib, &format!("the system library '{prefix}'"))
    }

    /// The module's function `name`, or None.
    pub fn function(&self, name: &str) -> Result<Option<Function>> {
        let text = CString::new(name).map_err(|_| error("ValueError", "function name holds a NUL byte"))?;
        let found = Function::global("ffi.ModuleGetFunction")?
            .call(&[self.0.view(), Arg::str(&text), Arg::bool(true)])?;
        match found.type_index() {
            ti::NONE => Ok(None),
            ti::FUNCTION => Ok(Some(Function(found))),
            other => Err(error("TypeError", format!("ModuleGetFunction returned type index {other}"))),
        }
    }

    pub fn require(&self, name: &str, where_: &str) -> Result<Function> {
        self.function(name)?.ok_or_else(|| error("ValueError", format!("no function '{name}' in {where_}")))
    }
}

pub const FLOAT32: DLDataType = DLDataType { code: ffi::DL_FLOAT, bits: 32, lanes: 1 };
pub const FLOAT16: DLDataType = DLDataType { code: ffi::DL_FLOAT, bits: 16, lanes: 1 };
pub const INT32: DLDataType = DLDataType { code: ffi::DL_INT, bits: 32, lanes: 1 };
pub const INT64: DLDataType = DLDataType { code: ffi::DL_INT, bits: 64, lanes: 1 };

/// An n-dimensional array on a device.
pub struct Tensor(Any);

impl Tensor {
    pub fn from_any(value: Any) -> Result<Tensor> {
        value.expect(ti::TENSOR, "a tensor").map(Tensor)
    }

    /// An uninitialised tensor on `device` (`runtime.TVMTensorAllocWithScope`).
    pub fn empty(shape: &[i64], dtype: DLDataType, device: DLDevice) -> Result<Tensor> {
        let dims: Vec<Arg> = shape.iter().map(|&d| Arg::int(d)).collect();
        let shape = Function::global("ffi.Shape")?.call(&dims)?;
        let made = Function::global("runtime.TVMTensorAllocWithScope")?
            .call(&[shape.view(), Arg::dtype(dtype), Arg::device(device), Arg::none()])?;
        Tensor::from_any(made)
    }

    fn dl(&self) -> &ffi::DLTensor {
        unsafe { &*((self.0.object() as *const u8).add(std::mem::size_of::<ffi::TVMFFIObject>()) as *const ffi::DLTensor) }
    }

    pub fn shape(&self) -> Vec<i64> {
        let dl = self.dl();
        (0..dl.ndim as usize).map(|i| unsafe { *dl.shape.add(i) }).collect()
    }

    pub fn dtype(&self) -> DLDataType {
        self.dl().dtype
    }

    fn nbytes(&self) -> usize {
        let dtype = self.dtype();
        self.shape().iter().product::<i64>() as usize * (dtype.bits as usize / 8) * dtype.lanes as usize
    }

    /// Fills the tensor from host memory: `bytes` must be its exact size.
    pub fn copy_from_bytes(&self, bytes: &[u8]) -> Result<()> {
        if bytes.len() != self.nbytes() {
            return Err(error("ValueError", format!("{} bytes for a tensor of {} bytes (shape {:?})",
                                                   bytes.len(), self.nbytes(), self.shape())));
        }
        Function::global("runtime.TVMTensorCopyFromBytes")?
            .call(&[self.view(), Arg::ptr(bytes.as_ptr() as *const c_void), Arg::int(bytes.len() as i64)])?;
        Ok(())
    }

    /// The tensor's contents copied to host memory.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = vec![0u8; self.nbytes()];
        Function::global("runtime.TVMTensorCopyToBytes")?
            .call(&[self.view(), Arg::ptr(out.as_mut_ptr() as *const c_void), Arg::int(out.len() as i64)])?;
        Ok(out)
    }

    pub fn view(&self) -> Arg<'_> {
        self.0.view()
    }
}

/// The elements of an array value (a function's tuple of results).
pub fn array_items(value: Any) -> Result<Vec<Any>> {
    let value = value.expect(ti::ARRAY, "a tuple of results")?;
    let size = Function::global("ffi.ArraySize")?.call(&[value.view()])?.as_int()?;
    let get = Function::global("ffi.ArrayGetItem")?;
    (0..size).map(|i| get.call(&[value.view(), Arg::int(i)])).collect()
}
