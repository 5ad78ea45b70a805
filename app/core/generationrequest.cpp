#include "generationrequest.h"
