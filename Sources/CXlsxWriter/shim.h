#ifndef NKREPORT_CXLSXWRITER_SHIM_H
#define NKREPORT_CXLSXWRITER_SHIM_H
// The whole public API of libxlsxwriter; found through pkg-config (`xlsxwriter`).
#include <xlsxwriter.h>
#endif
