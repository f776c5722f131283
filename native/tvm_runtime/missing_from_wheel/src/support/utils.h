/*
 * kokoro-tvm-build: minimal src/support/utils.h for the runtime sources of
 * the TVM wheel, which omits it (see ../../README.md).
 */
#ifndef TVM_SUPPORT_UTILS_H_
#define TVM_SUPPORT_UTILS_H_

#include <algorithm>
#include <cctype>
#include <string>

namespace tvm {
namespace support {

/*! \return whether str is a non-empty run of decimal digits. */
inline bool IsNumber(const std::string& str) {
  return !str.empty() &&
         std::all_of(str.begin(), str.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_UTILS_H_
