#pragma once
#include <stddef.h>
#include <leveldb/c.h>
