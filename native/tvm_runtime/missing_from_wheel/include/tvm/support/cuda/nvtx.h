/*
 * kokoro-tvm-build: minimal tvm/support/cuda/nvtx.h for the runtime sources
 * of the TVM wheel, which omits it (see ../../../../README.md). NVTX ranges
 * mark time spans for NVIDIA's profilers; without CUDA there is nothing to mark.
 */
#ifndef TVM_SUPPORT_CUDA_NVTX_H_
#define TVM_SUPPORT_CUDA_NVTX_H_

#include <string>

namespace tvm {
namespace support {

class NVTXScopedRange {
 public:
  explicit NVTXScopedRange(const char*) {}
  explicit NVTXScopedRange(const std::string&) {}
  NVTXScopedRange(const NVTXScopedRange&) = delete;
  NVTXScopedRange& operator=(const NVTXScopedRange&) = delete;
};

}  // namespace support
}  // namespace tvm

#endif  // TVM_SUPPORT_CUDA_NVTX_H_
