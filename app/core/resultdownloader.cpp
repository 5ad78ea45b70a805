#include "resultdownloader.h"
