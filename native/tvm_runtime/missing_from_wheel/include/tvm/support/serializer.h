/*
 * kokoro-tvm-build: minimal tvm/support/serializer.h for the runtime sources
 * of the TVM wheel, which omits it (see ../../../README.md).
 *
 * support::Serializer<T> has static Write(Stream*, const T&) and
 * Read(Stream*, T*); the runtime specializes it for its own types (e.g.
 * runtime::FunctionInfo in src/runtime/metadata.h). Encoding, for
 * little-endian machines only, as the compiler writes it:
 *   trivially copyable T           its bytes
 *   std::string, ffi::String       uint64_t length, then the bytes
 *   std::vector<T>, ffi::Array<T>  uint64_t count, then the elements
 *   std::pair<A, B>                A, then B
 *   std::map, std::unordered_map   uint64_t count, then (key, value) pairs
 *   other classes                  their Save(Stream*) / Load(Stream*) members
 */
#ifndef TVM_SUPPORT_SERIALIZER_H_
#define TVM_SUPPORT_SERIALIZER_H_

#include <tvm/ffi/container/array.h>
#include <tvm/ffi/endian.h>
#include <tvm/ffi/string.h>
#include <tvm/support/io.h>

#include <cstdint>
#include <map>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

static_assert(TVM_FFI_IO_NO_ENDIAN_SWAP,
              "this serializer reads and writes little-endian data only");

namespace tvm {
namespace support {
namespace detail {

inline void WriteCount(Stream* strm, uint64_t count) { strm->Write(&count, sizeof(count)); }

inline bool ReadCount(Stream* strm, uint64_t* count) {
  return strm->Read(count, sizeof(*count)) == sizeof(*count);
}

inline void WriteBytes(Stream* strm, const char* data, uint64_t size) {
  WriteCount(strm, size);
  if (size != 0) strm->Write(data, size);
}

inline bool ReadBytes(Stream* strm, std::string* out) {
  uint64_t n;
  if (!ReadCount(strm, &n)) return false;
  out->resize(n);
  return n == 0 || strm->Read(&(*out)[0], n) == n;
}

}  // namespace detail

/*! \brief Trivially copyable values: their bytes. Other classes: Save/Load. */
template <typename T>
struct Serializer {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const T& value) {
    if constexpr (std::is_trivially_copyable_v<T>) {
      strm->Write(&value, sizeof(T));
    } else {
      value.Save(strm);
    }
  }
  static bool Read(Stream* strm, T* out) {
    if constexpr (std::is_trivially_copyable_v<T>) {
      return strm->Read(out, sizeof(T)) == sizeof(T);
    } else {
      return out->Load(strm);
    }
  }
};

template <>
struct Serializer<std::string> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::string& value) {
    detail::WriteBytes(strm, value.data(), value.size());
  }
  static bool Read(Stream* strm, std::string* out) { return detail::ReadBytes(strm, out); }
};

template <>
struct Serializer<ffi::String> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::String& value) {
    detail::WriteBytes(strm, value.data(), value.size());
  }
  static bool Read(Stream* strm, ffi::String* out) {
    std::string bytes;
    if (!detail::ReadBytes(strm, &bytes)) return false;
    *out = ffi::String(std::move(bytes));
    return true;
  }
};

template <typename T>
struct Serializer<std::vector<T>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::vector<T>& values) {
    detail::WriteCount(strm, values.size());
    if constexpr (std::is_trivially_copyable_v<T>) {
      if (!values.empty()) strm->Write(values.data(), values.size() * sizeof(T));
    } else {
      for (const T& v : values) Serializer<T>::Write(strm, v);
    }
  }
  static bool Read(Stream* strm, std::vector<T>* out) {
    uint64_t n;
    if (!detail::ReadCount(strm, &n)) return false;
    out->resize(n);
    if constexpr (std::is_trivially_copyable_v<T>) {
      size_t bytes = n * sizeof(T);
      return n == 0 || strm->Read(out->data(), bytes) == bytes;
    } else {
      for (T& v : *out) {
        if (!Serializer<T>::Read(strm, &v)) return false;
      }
      return true;
    }
  }
};

template <typename T>
struct Serializer<ffi::Array<T>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const ffi::Array<T>& values) {
    detail::WriteCount(strm, values.size());
    for (const T& v : values) Serializer<T>::Write(strm, v);
  }
  static bool Read(Stream* strm, ffi::Array<T>* out) {
    uint64_t n;
    if (!detail::ReadCount(strm, &n)) return false;
    ffi::Array<T> result;
    for (uint64_t i = 0; i < n; ++i) {
      T v;
      if (!Serializer<T>::Read(strm, &v)) return false;
      result.push_back(std::move(v));
    }
    *out = std::move(result);
    return true;
  }
};

template <typename A, typename B>
struct Serializer<std::pair<A, B>> {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const std::pair<A, B>& value) {
    Serializer<A>::Write(strm, value.first);
    Serializer<B>::Write(strm, value.second);
  }
  static bool Read(Stream* strm, std::pair<A, B>* out) {
    return Serializer<A>::Read(strm, &out->first) && Serializer<B>::Read(strm, &out->second);
  }
};

namespace detail {
template <typename Map>
struct MapSerializer {
  static constexpr bool enabled = true;
  static void Write(Stream* strm, const Map& values) {
    WriteCount(strm, values.size());
    for (const auto& kv : values) {
      Serializer<typename Map::key_type>::Write(strm, kv.first);
      Serializer<typename Map::mapped_type>::Write(strm, kv.second);
    }
  }
  static bool Read(Stream* strm, Map* out) {
    uint64_t n;
    if (!ReadCount(strm, &n)) return false;
    out->clear();
    for (uint64_t i = 0; i < n; ++i) {
      typename Map::key_type key;
      typename Map::mapped_type value;
      if (!Serializer<typename Map::key_type>::Read(strm, &key) ||
          !Serializer<typename Map::mapped_type>::Read(strm, &value)) {
        return false;
      }
      out->emplace(std::move(key), std::move(value));
    }
    return true;
  }
};
}  // namespace detail

template <typename K, typename V>
struct Serializer<std::map<K, V>> : detail::MapSerializer<std::map<K, V>> {};
template <typename K, typename V>
struct Serializer<std::unordered_map<K, V>> : detail::MapSerializer<std::unordered_map<K, V>> {};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_SERIALIZER_H_
