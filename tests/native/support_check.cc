// Checks the build's own support headers (io.h, serializer.h, bytes_io.h,
// base64.h) against the encoding the TVM compiler writes: prints each check
// and exits non-zero on any failure.
#include <tvm/ffi/container/array.h>
#include <tvm/ffi/string.h>
#include <tvm/support/io.h>

#include "support/base64.h"
#include "support/bytes_io.h"
#include "support/utils.h"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace tvm;
static int failures = 0;
static void Check(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  failures += ok ? 0 : 1;
}

int main() {
  std::string bytes;
  support::BytesOutStream out(&bytes);
  out.Write(std::string("ab"));
  Check(bytes == std::string("\x02\0\0\0\0\0\0\0ab", 10), "string: uint64 length, then bytes");
  bytes.clear();
  out.Write(std::vector<int32_t>{1, -1});
  Check(bytes == std::string("\x02\0\0\0\0\0\0\0\x01\0\0\0\xff\xff\xff\xff", 16), "vector<int32>: count, then elements");

  bytes.clear();
  std::vector<std::string> names{"x", "", "weights"};
  std::map<std::string, int64_t> scopes{{"global", 1}, {"shared", 2}};
  ffi::Array<ffi::String> tags{"threadIdx.x", "blockIdx.x"};
  DLDataType dtype{kDLFloat, 16, 4};
  out.Write(names); out.Write(scopes); out.Write(tags); out.Write(dtype);
  support::BytesInStream in(bytes);
  std::vector<std::string> names2; std::map<std::string, int64_t> scopes2;
  ffi::Array<ffi::String> tags2; DLDataType dtype2;
  bool read = in.Read(&names2) && in.Read(&scopes2) && in.Read(&tags2) && in.Read(&dtype2);
  Check(read && names2 == names && scopes2 == scopes && tags2.size() == 2 && tags2[1] == "blockIdx.x" &&
            dtype2.code == kDLFloat && dtype2.bits == 16 && dtype2.lanes == 4,
        "round trip: vector<string>, map, ffi::Array<ffi::String>, DLDataType");
  int64_t extra;
  Check(!in.Read(&extra), "reading past the end fails");

  std::string text;
  support::BytesOutStream text_out(&text);
  support::Base64OutStream b64(&text_out);
  b64.Write("kokoro-tvm", 10);
  b64.Finish();
  Check(text == "a29rb3JvLXR2bQ==", "base64 encoding matches RFC 4648");
  std::string wrapped = "  \n" + text;
  support::BytesInStream text_in(wrapped);
  support::Base64InStream b64in(&text_in);
  b64in.InitPosition();
  char decoded[16] = {0};
  size_t n = b64in.Read(decoded, sizeof(decoded));
  Check(n == 10 && std::string(decoded, n) == "kokoro-tvm", "base64 decoding after white space");

  Check(support::IsNumber("0123") && !support::IsNumber("") && !support::IsNumber("12a"), "IsNumber");
  std::printf("support_check: %d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
