// The FileDescriptorSet of every renda proto, with source info (comments), as the bytes protoc
// wrote (tools/rendactl/CMakeLists.txt builds it; this file includes it with .incbin).

#include <cstddef>

#include "absl/strings/string_view.h"

extern "C" const char rendactl_descriptor_set_begin[];
extern "C" const char rendactl_descriptor_set_end[];

__asm__(".section .rodata\n"
        ".global rendactl_descriptor_set_begin\n"
        ".global rendactl_descriptor_set_end\n"
        ".balign 16\n"
        "rendactl_descriptor_set_begin:\n"
        ".incbin \"" RENDACTL_DESCRIPTOR_SET "\"\n"
        "rendactl_descriptor_set_end:\n"
        ".byte 0\n"
        ".previous\n");

namespace rendactl {

absl::string_view EmbeddedDescriptorSet() {
  return absl::string_view(rendactl_descriptor_set_begin,
                           static_cast<size_t>(rendactl_descriptor_set_end - rendactl_descriptor_set_begin));
}

}  // namespace rendactl
