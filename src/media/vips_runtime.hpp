// libvips for untrusted uploads: started once per process, with the decoders narrowed to the
// image formats Baton accepts, and small handles that own vips objects and buffers.
#pragma once

#include <vips/vips.h>

#include <memory>
#include <string>

namespace baton::media {

// Starts libvips the first time it is called (thread-safe; later calls return at once).
// Throws std::runtime_error when libvips cannot start: a start-up failure.
//
// vips is process-wide, so its settings are too: no operation cache (uploads are never decoded
// twice, and a cache would keep customers' pictures in memory), one worker thread per pipeline
// (a 2-core server runs uploads side by side rather than one upload on both cores), and every
// decoder blocked except JPEG, PNG, GIF, WebP and HEIF: the others (SVG, PDF, ImageMagick,
// Matlab, FITS, …) are large attack surfaces that no chat picture needs.
void start_vips();

// Whether this libvips can decode HEIF (HEIC from phones).
bool heif_decoding_available();

struct VipsObjectUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using ImageHandle = std::unique_ptr<VipsImage, VipsObjectUnref>;

// What libvips said about its last failure on any thread, and clears it (vips keeps one buffer).
std::string take_vips_error();

}  // namespace baton::media
