// SPDX-License-Identifier: GPL-3.0-or-later
#include "evidence/WindowCapture.h"

#include <QBuffer>
#include <QPixmap>
#include <QWidget>

namespace bulkhead {

Result<QByteArray> WindowCapture::png(QWidget* widget)
{
    if (widget == nullptr)
        return makeError(QStringLiteral("There is no window to capture"));
    const QPixmap pixmap = widget->grab();
    if (pixmap.isNull())
        return makeError(QStringLiteral("The window could not be drawn (is it shown and not empty?)"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly) || !pixmap.save(&buffer, "PNG"))
        return makeError(QStringLiteral("The window's picture could not be written as PNG"));
    return bytes;
}

QString WindowCapture::fileName(const QDateTime& time)
{
    return QStringLiteral("screenshot-%1.png").arg(time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
}

} // namespace bulkhead
