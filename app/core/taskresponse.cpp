#include "taskresponse.h"
