#include "taskservice.h"
