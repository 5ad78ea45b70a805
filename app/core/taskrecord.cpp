#include "taskrecord.h"
