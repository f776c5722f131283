/*
 * kokoro-tvm-build: minimal tvm/support/io.h for the runtime sources of the
 * TVM wheel, which omits it (see ../../../README.md).
 *
 * support::Stream is a byte stream with typed helpers; the encoding of each
 * type is in serializer.h.
 */
#ifndef TVM_SUPPORT_IO_H_
#define TVM_SUPPORT_IO_H_

#include <cstddef>

namespace tvm {
namespace support {

class Stream;

template <typename T>
struct Serializer;

/*! \brief A source or sink of bytes. */
class Stream {
 public:
  virtual ~Stream() = default;
  /*! \return the number of bytes read (0 at the end). */
  virtual size_t Read(void* ptr, size_t size) = 0;
  /*! \return the number of bytes written. */
  virtual size_t Write(const void* ptr, size_t size) = 0;

  template <typename T>
  void Write(const T& value) {
    Serializer<T>::Write(this, value);
  }
  template <typename T>
  bool Read(T* out) {
    return Serializer<T>::Read(this, out);
  }
  template <typename T>
  void WriteArray(const T* values, size_t count) {
    for (size_t i = 0; i < count; ++i) Write(values[i]);
  }
  template <typename T>
  bool ReadArray(T* values, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      if (!Read(values + i)) return false;
    }
    return true;
  }
};

}  // namespace support
}  // namespace tvm

#include <tvm/support/serializer.h>

#endif  // TVM_SUPPORT_IO_H_
