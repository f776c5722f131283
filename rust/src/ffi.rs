//! The tvm-ffi C ABI this crate uses (tvm/ffi/c_api.h of the pinned apache-tvm-ffi),
//! declared by hand: the values, objects and calls of a packed function.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_void};

/// Type indices of `TVMFFIAny` (TVMFFITypeIndex).
pub mod type_index {
    pub const NONE: i32 = 0;
    pub const INT: i32 = 1;
    pub const BOOL: i32 = 2;
    pub const OPAQUE_PTR: i32 = 4;
    pub const DATA_TYPE: i32 = 5;
    pub const DEVICE: i32 = 6;
    pub const RAW_STR: i32 = 8;
    pub const SMALL_STR: i32 = 11;
    pub const STATIC_OBJECT_BEGIN: i32 = 64;
    pub const STR: i32 = 65;
    pub const ERROR: i32 = 67;
    pub const FUNCTION: i32 = 68;
    pub const TENSOR: i32 = 70;
    pub const ARRAY: i32 = 71;
    pub const MODULE: i32 = 73;
}

/// A value of any type: { type index, padding or small-string length, 8-byte payload }.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TVMFFIAny {
    pub type_index: i32,
    pub small_str_len: u32,
    pub payload: u64,
}

impl TVMFFIAny {
    pub const NONE: TVMFFIAny = TVMFFIAny { type_index: type_index::NONE, small_str_len: 0, payload: 0 };
}

/// `TVMFFIByteArray`: the data and size of a string or bytes.
#[repr(C)]
pub struct TVMFFIByteArray {
    pub data: *const c_char,
    pub size: usize,
}

/// The object header every reference-counted object starts with (`TVMFFIObject`, 24 bytes).
#[repr(C)]
pub struct TVMFFIObject {
    pub combined_ref_count: u64,
    pub type_index: i32,
    pub padding: u32,
    pub deleter: *const c_void,
}

/// An error object's cell, after its header (`TVMFFIErrorCell`, first fields).
#[repr(C)]
pub struct TVMFFIErrorCell {
    pub kind: TVMFFIByteArray,
    pub message: TVMFFIByteArray,
}

/// DLPack's device.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DLDevice {
    pub device_type: i32,
    pub device_id: i32,
}

pub const DL_CPU: i32 = 1;
pub const DL_CUDA: i32 = 2;
pub const DL_METAL: i32 = 8;

/// DLPack's data type.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DLDataType {
    pub code: u8,
    pub bits: u8,
    pub lanes: u16,
}

pub const DL_INT: u8 = 0;
pub const DL_FLOAT: u8 = 2;

/// DLPack's tensor, as a tensor object holds it after its header.
#[repr(C)]
pub struct DLTensor {
    pub data: *mut c_void,
    pub device: DLDevice,
    pub ndim: i32,
    pub dtype: DLDataType,
    pub shape: *const i64,
    pub strides: *const i64,
    pub byte_offset: u64,
}

pub type TVMFFIObjectHandle = *mut c_void;

extern "C" {
    pub fn TVMFFIObjectIncRef(obj: TVMFFIObjectHandle) -> c_int;
    pub fn TVMFFIObjectDecRef(obj: TVMFFIObjectHandle) -> c_int;
    pub fn TVMFFIFunctionGetGlobal(name: *const TVMFFIByteArray, out: *mut TVMFFIObjectHandle) -> c_int;
    pub fn TVMFFIFunctionCall(
        func: TVMFFIObjectHandle,
        args: *mut TVMFFIAny,
        num_args: i32,
        result: *mut TVMFFIAny,
    ) -> c_int;
    pub fn TVMFFIErrorMoveFromRaised(result: *mut TVMFFIObjectHandle);
}
