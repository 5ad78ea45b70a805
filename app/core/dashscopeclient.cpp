#include "dashscopeclient.h"
