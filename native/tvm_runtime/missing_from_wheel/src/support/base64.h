/*
 * kokoro-tvm-build: minimal src/support/base64.h for the runtime sources of
 * the TVM wheel, which omits it (see ../../README.md). Standard base64
 * (RFC 4648 alphabet, '=' padding) layered over another Stream.
 */
#ifndef TVM_SUPPORT_BASE64_H_
#define TVM_SUPPORT_BASE64_H_

#include <tvm/support/io.h>

#include <cctype>
#include <cstdint>

namespace tvm {
namespace support {
namespace base64 {
inline const char* Alphabet() {
  return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}
inline int Value(int c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace base64

/*! \brief Encodes what is written into base64 text on the underlying stream. */
class Base64OutStream : public Stream {
 public:
  using Stream::Read;
  using Stream::Write;
  explicit Base64OutStream(Stream* out) : out_(out) {}
  size_t Read(void*, size_t) final { return 0; }
  size_t Write(const void* ptr, size_t size) final {
    const uint8_t* p = static_cast<const uint8_t*>(ptr);
    for (size_t i = 0; i < size; ++i) {
      group_[count_++] = p[i];
      if (count_ == 3) Flush();
    }
    return size;
  }
  /*! \brief Writes the last, padded group. Call once, after the last Write. */
  void Finish() {
    if (count_ != 0) Flush();
  }

 private:
  void Flush() {
    const char* a = base64::Alphabet();
    uint32_t v = (uint32_t(group_[0]) << 16) | (count_ > 1 ? uint32_t(group_[1]) << 8 : 0) |
                 (count_ > 2 ? uint32_t(group_[2]) : 0);
    char text[4] = {a[(v >> 18) & 63], a[(v >> 12) & 63], count_ > 1 ? a[(v >> 6) & 63] : '=',
                    count_ > 2 ? a[v & 63] : '='};
    out_->Write(text, 4);
    count_ = 0;
  }
  Stream* out_;
  uint8_t group_[3] = {0, 0, 0};
  int count_ = 0;
};

/*! \brief Decodes base64 text read from the underlying stream. */
class Base64InStream : public Stream {
 public:
  using Stream::Read;
  using Stream::Write;
  explicit Base64InStream(Stream* in) : in_(in) {}
  /*! \brief Skips leading white space. Call once, before the first Read. */
  void InitPosition() {
    char c;
    while (in_->Read(&c, 1) == 1) {
      if (!std::isspace(static_cast<unsigned char>(c))) {
        pending_char_ = c;
        has_pending_char_ = true;
        return;
      }
    }
  }
  size_t Read(void* ptr, size_t size) final {
    uint8_t* p = static_cast<uint8_t*>(ptr);
    size_t n = 0;
    while (n < size) {
      if (pos_ == avail_ && !Refill()) break;
      p[n++] = bytes_[pos_++];
    }
    return n;
  }
  size_t Write(const void*, size_t) final { return 0; }

 private:
  bool NextChar(char* c) {
    if (has_pending_char_) {
      *c = pending_char_;
      has_pending_char_ = false;
      return true;
    }
    return in_->Read(c, 1) == 1;
  }
  /*! \brief Decodes the next group of four characters into up to three bytes. */
  bool Refill() {
    int values[4];
    int got = 0, padding = 0;
    char c;
    while (got < 4 && NextChar(&c)) {
      if (std::isspace(static_cast<unsigned char>(c))) continue;
      if (c == '=') {
        values[got++] = 0;
        ++padding;
        continue;
      }
      int v = base64::Value(c);
      if (v < 0) return false;
      values[got++] = v;
    }
    if (got != 4) return false;
    uint32_t v = (uint32_t(values[0]) << 18) | (uint32_t(values[1]) << 12) |
                 (uint32_t(values[2]) << 6) | uint32_t(values[3]);
    bytes_[0] = uint8_t(v >> 16);
    bytes_[1] = uint8_t(v >> 8);
    bytes_[2] = uint8_t(v);
    avail_ = 3 - padding;
    pos_ = 0;
    return avail_ > 0;
  }
  Stream* in_;
  uint8_t bytes_[3] = {0, 0, 0};
  int avail_ = 0, pos_ = 0;
  char pending_char_ = 0;
  bool has_pending_char_ = false;
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_BASE64_H_
