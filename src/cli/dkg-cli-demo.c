/* placeholder until the demo lands */
#include "dkg-cli.h"
int
dkg_cli_demo (int argc, char **argv)
{
  return dkg_cli_usage_error ("demo", "the demo is being written");
}
