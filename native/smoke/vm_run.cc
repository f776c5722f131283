// vm_run: runs one function of a Relax module linked in as a system library.
//
//   vm_run PREFIX FUNCTION OUT.f32 IN.f32:DIMxDIM... [IN.f32:DIM...]
//
// Looks the library up with ffi.SystemLib(PREFIX), loads its executable into
// the Relax VM on the CPU, calls FUNCTION with float32 tensors read from the
// input files (raw little-endian float32, shapes as given), and writes the
// float32 result to OUT.f32. It links the static TVM runtime and tvm-ffi
// whole: their functions register themselves at load time.
#include <tvm/ffi/extra/module.h>
#include <tvm/ffi/function.h>
#include <tvm/runtime/tensor.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace tvm;

namespace {

struct Input {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

Input ReadInput(const std::string& spec) {
  size_t colon = spec.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("input '" + spec + "' needs :SHAPE");
  Input in;
  std::stringstream dims(spec.substr(colon + 1));
  int64_t count = 1;
  for (std::string d; std::getline(dims, d, 'x');) {
    in.shape.push_back(std::stoll(d));
    count *= in.shape.back();
  }
  std::ifstream f(spec.substr(0, colon), std::ios::binary);
  in.data.resize(count);
  if (!f.read(reinterpret_cast<char*>(in.data.data()), count * 4)) {
    throw std::runtime_error("cannot read " + std::to_string(count) + " floats from " + spec);
  }
  return in;
}

ffi::Function Require(const ffi::Module& mod, const std::string& name, const std::string& where) {
  ffi::Optional<ffi::Function> f = mod->GetFunction(name);
  if (!f.has_value()) throw std::runtime_error("no function '" + name + "' in " + where);
  return f.value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: vm_run PREFIX FUNCTION OUT.f32 IN.f32:DIMxDIM...\n";
    return 2;
  }
  try {
    DLDevice cpu{kDLCPU, 0};
    DLDataType f32{kDLFloat, 32, 1};
    ffi::Module lib =
        ffi::Function::GetGlobalRequired("ffi.SystemLib")(ffi::String(argv[1])).cast<ffi::Module>();
    std::string where = std::string("the system library '") + argv[1] + "'";
    ffi::Module vm = Require(lib, "vm_load_executable", where)().cast<ffi::Module>();
    constexpr int kPooledAllocator = 2;
    Require(vm, "vm_initialization", "the Relax VM")(static_cast<int>(kDLCPU), 0, kPooledAllocator,
                                                    static_cast<int>(kDLCPU), 0, kPooledAllocator);
    std::vector<ffi::Any> args;
    for (int i = 4; i < argc; ++i) {
      Input in = ReadInput(argv[i]);
      runtime::Tensor t = runtime::Tensor::Empty(ffi::Shape(in.shape), f32, cpu);
      t.CopyFromBytes(in.data.data(), in.data.size() * 4);
      args.push_back(t);
    }
    std::vector<ffi::AnyView> views(args.begin(), args.end());
    ffi::Any result;
    Require(vm, argv[2], where).CallPacked(views.data(), static_cast<int>(views.size()), &result);
    runtime::Tensor out = result.cast<runtime::Tensor>();
    size_t count = 1;
    for (int64_t d : out.Shape()) count *= d;
    std::vector<float> values(count);
    out.CopyToBytes(values.data(), count * 4);
    std::ofstream f(argv[3], std::ios::binary);
    f.write(reinterpret_cast<const char*>(values.data()), count * 4);
    std::cout << "vm_run: " << argv[2] << " -> " << count << " values\n";
  } catch (const std::exception& e) {
    std::cerr << "vm_run: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
