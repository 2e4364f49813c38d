// libxml2 built with ICU pulls the system ICU headers in through <libxml/encoding.h>; their types
// clash with Foundation's bundled ICU in any module that also imports Foundation. Nothing here
// needs libxml2's ICU declarations, so keep them out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
