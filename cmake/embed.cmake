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

# embed_files(OUT_VAR NAME DIR GLOB): generates a .cpp that defines
# `std::span<const std::pair<std::string_view, std::string_view>> NAME()`: every file
# in DIR matching GLOB as {file name, bytes}, sorted by name. The glob is re-checked
# on every build (CONFIGURE_DEPENDS), so a file added there is embedded without
# touching any CMakeLists or C++ (the schema migrations: src/store/migrations/).
function(embed_files out_var name dir glob)
  set(gen ${CMAKE_BINARY_DIR}/gen/${name}.cpp)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/${glob})
  list(SORT files)
  list(LENGTH files count)
  set(entries "")
  foreach(file ${files})
    get_filename_component(file_name ${file} NAME)
    file(READ ${file} content)
    string(FIND "${content}" ")aftercare_embed\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "${file} contains )aftercare_embed\", which ends the raw string")
    endif()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
    string(APPEND entries "      {\"${file_name}\", R\"aftercare_embed(${content})aftercare_embed\"},\n")
  endforeach()
  file(WRITE ${gen}.tmp
"// Generated from ${dir}/${glob}; edit those files, not this one.\n#include <array>\n#include <span>\n#include <string_view>\n#include <utility>\nnamespace aftercare::data {\nstd::span<const std::pair<std::string_view, std::string_view>> ${name}() {\n  static constexpr std::array<std::pair<std::string_view, std::string_view>, ${count}> kFiles = {{\n${entries}  }};\n  return kFiles;\n}\n}  // namespace aftercare::data\n")
  file(COPY_FILE ${gen}.tmp ${gen} ONLY_IF_DIFFERENT)
  set(${out_var} ${gen} PARENT_SCOPE)
endfunction()
