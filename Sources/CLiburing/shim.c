#include "CLiburing.h"
