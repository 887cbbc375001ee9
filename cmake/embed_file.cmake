# Script mode helper for baton_embed: writes OUT as a C++ byte array of IN.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace baton::embedded {\nstatic const char kData[] = {${bytes} 0};\nstd::string_view ${NAME}() { return {kData, ${size}}; }\n}\n")
