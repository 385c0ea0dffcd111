# EmbedText(TARGET_VAR NAME FILE): generates a .cpp that defines
# `std::string_view NAME()` returning FILE's bytes, so shipped data (holidays,
# built-in policies) stays a data file while the binary stays self-contained.
function(embed_text out_var name file)
  set(gen ${CMAKE_BINARY_DIR}/gen/${name}.cpp)
  file(READ ${file} content)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(WRITE ${gen}.tmp
"// Generated from ${file}; edit that file, not this one.\n#include <string_view>\nnamespace aftercare::data {\nstd::string_view ${name}() {\n  static constexpr char kText[] = R\"aftercare_embed(${content})aftercare_embed\";\n  return {kText, sizeof(kText) - 1};\n}\n}  // namespace aftercare::data\n")
  file(COPY_FILE ${gen}.tmp ${gen} ONLY_IF_DIFFERENT)
  set(${out_var} ${gen} PARENT_SCOPE)
endfunction()
