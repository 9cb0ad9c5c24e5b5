# Strict warnings and Qt's string-safety defines, applied per target.
function(bulkhead_strict target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
    if(BULKHEAD_WERROR)
        # -Wnull-dereference only works with optimisation, and GCC 12 at -O2 reports dereferences of
        # iterators it cannot see through (nlohmann::json, QMap) as "potential": shown, not fatal.
        target_compile_options(${target} PRIVATE -Werror -Wno-error=null-dereference)
    endif()
    target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_FOREACH
                                                 QT_NO_URL_CAST_FROM_STRING QT_NO_CAST_FROM_BYTEARRAY
                                                 QT_USE_QSTRINGBUILDER)
    if(BULKHEAD_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()

if(BULKHEAD_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()
