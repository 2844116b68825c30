#pragma once

#include <expected>

#include "base/error.h"

namespace pm {

template<typename T>
using Result = std::expected<T, Error>;

// For operations with nothing to return but success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(QString message)
{
    return std::unexpected<Error>(Error(std::move(message)));
}

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

} // namespace pm
