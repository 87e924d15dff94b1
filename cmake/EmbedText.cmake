# Writes the bytes of IN as a C++ function returning them (NAME), to OUT:
#   cmake -DIN=page.html -DOUT=page.cpp -DNAME=goalpath::serve::whatif_page -P EmbedText.cmake
# Bytes, not a string literal: nothing in the file can end the literal early.
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
string(REGEX MATCH "^(.*)::([^:]+)$" _ "${NAME}")
set(namespace "${CMAKE_MATCH_1}")
set(function "${CMAKE_MATCH_2}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by cmake/EmbedText.cmake; edit that file.\n#include <string>\n\nnamespace ${namespace} {\n\nnamespace {\nconst unsigned char kBytes[] = {\n${bytes}};\n}  // namespace\n\nconst std::string& ${function}() {\n  static const std::string text(reinterpret_cast<const char*>(kBytes), sizeof kBytes);\n  return text;\n}\n\n}  // namespace ${namespace}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
