// Boost.JSON's implementation, compiled with the harnesses' instrumentation (see CMakeLists.txt).
#include <boost/json/src.hpp>
