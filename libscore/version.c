/* The run-time version, from the same place as the compile-time one. */
#include "score/score.h"

const char *score_version(void)
{
    return SCORE_VERSION;
}
