//! What the crate asks of the CUDA runtime beside TVM: a context without the stack it never uses.
//!
//! In:  the models' CUDA device, and the CUDA runtime that TVM's CUDA library brought into the
//!      process (libcudart, found by its exported names among the loaded libraries: the crate
//!      has no link-time dependency on it, so its builds for other devices are unchanged).
//! Out: the device's per-thread stack limit (cudaLimitStackSize) set to 0 before the models
//!      load. The runtime reserves that stack for every thread the GPU can hold, 1 KiB each
//!      by default: 264 MiB on an H100 (132 multiprocessors of 2,048 threads), half the context
//!      (526 -> 262 MiB measured there). The models' kernels call no functions and keep no
//!      arrays in local memory (the build refuses them: models/gpu_checks.py, LOCAL_BYTES), and
//!      a kernel that does need a stack still gets it: the driver raises the limit at launch.
//!      An error names the call that failed.

#[cfg(target_os = "linux")]
mod linux {
    use std::ffi::{c_char, c_int, c_void, CStr};

    extern "C" {
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }

    const RTLD_DEFAULT: *mut c_void = std::ptr::null_mut(); // glibc's: every loaded library
    const LIMIT_STACK_SIZE: c_int = 0; // cudaLimitStackSize

    type SetDevice = unsafe extern "C" fn(c_int) -> c_int;
    type DeviceSetLimit = unsafe extern "C" fn(c_int, usize) -> c_int;

    pub(super) fn symbol(name: &CStr) -> Result<*mut c_void, String> {
        // SAFETY: dlsym reads a NUL-terminated name; RTLD_DEFAULT searches the loaded libraries.
        let found = unsafe { dlsym(RTLD_DEFAULT, name.as_ptr()) };
        if found.is_null() {
            return Err(format!("the CUDA runtime's {} is not among this program's libraries (libcudart, \
                                which TVM's CUDA library loads): the cuda profile's tool and library link \
                                it; check that dist/cuda/lib holds libcudart.so.13", name.to_string_lossy()));
        }
        Ok(found)
    }

    pub fn release_stack(device_id: i32) -> Result<(), String> {
        let set_device = symbol(c"cudaSetDevice")?;
        let set_limit = symbol(c"cudaDeviceSetLimit")?;
        // SAFETY: both are the CUDA runtime's functions of these signatures (cuda_runtime_api.h).
        let (set_device, set_limit): (SetDevice, DeviceSetLimit) =
            unsafe { (std::mem::transmute(set_device), std::mem::transmute(set_limit)) };
        // SAFETY: plain calls of the CUDA runtime with values it accepts.
        let status = unsafe { set_device(device_id) };
        if status != 0 {
            return Err(format!("cudaSetDevice({device_id}) failed with CUDA error {status}"));
        }
        let status = unsafe { set_limit(LIMIT_STACK_SIZE, 0) };
        if status != 0 {
            return Err(format!("cudaDeviceSetLimit(cudaLimitStackSize, 0) failed with CUDA error {status}"));
        }
        Ok(())
    }
}

/// Sets the CUDA device's per-thread stack limit to 0 (see the module's docs).
#[cfg(target_os = "linux")]
pub fn release_stack(device_id: i32) -> Result<(), String> {
    linux::release_stack(device_id)
}

/// CUDA models run on Linux only (the cuda profile): nothing to do elsewhere.
#[cfg(not(target_os = "linux"))]
pub fn release_stack(_device_id: i32) -> Result<(), String> {
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn without_the_cuda_runtime_loaded_the_error_names_it() {
        // the host profile's test program loads no libcudart (the cuda profile's would: there
        // the call reaches the runtime, which the GPU machine's runs check)
        if super::linux::symbol(c"cudaSetDevice").is_ok() {
            return;
        }
        let message = super::release_stack(0).unwrap_err();
        assert!(message.starts_with("the CUDA runtime's cudaSetDevice is not among this program's libraries"), "{message}");
        assert!(message.contains("dist/cuda/lib holds libcudart.so.13"), "{message}");
    }
}
