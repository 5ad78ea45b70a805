#include "pollpolicy.h"
