// Multi-row INSERTs for the seeders of the benchmarks: store/row_batch.h.
#pragma once

#include "store/row_batch.h"

namespace aftercare::bench {
using store::RowBatch;
}  // namespace aftercare::bench
