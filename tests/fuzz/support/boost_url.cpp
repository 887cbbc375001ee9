// Boost.URL's implementation, compiled with the harnesses' instrumentation (see CMakeLists.txt).
#include <boost/url/src.hpp>
