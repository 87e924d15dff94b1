#include "app/cli.hpp"
namespace goalpath::app {
}
