#include "imagemetadata.h"
