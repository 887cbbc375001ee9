// Boost.Asio's and Boost.Beast's non-template code, compiled once here instead of in every file
// that includes them (BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION are
// set for the whole build): most of the build's time went into those headers.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
