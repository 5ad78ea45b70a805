#pragma once

// A private Trash for the tests that delete files: a temporary folder with HOME and XDG_DATA_HOME
// inside it, so $XDG_DATA_HOME/Trash is on the same file system as the files (pictures/) and
// nothing reaches the real Trash. The environment stays set until the next PrivateTrash, as the
// tests' own qputenv did.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

class PrivateTrash
{
public:
    PrivateTrash()
    {
        if (!m_dir.isValid())
            return;
        const QDir root(m_dir.path());
        m_ready = root.mkpath(QStringLiteral("home/.local/share"))
                && root.mkpath(QStringLiteral("pictures"));
        qputenv("HOME", filePath(QStringLiteral("home")).toUtf8());
        qputenv("XDG_DATA_HOME", filePath(QStringLiteral("home/.local/share")).toUtf8());
    }

    // The folder was made, with home/.local/share and pictures/ in it.
    bool isValid() const { return m_ready; }
    QString path() const { return m_dir.path(); }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }
    // Where the tests put the files they delete, beside the Trash.
    QString picture(const QString &name) const
    {
        return filePath(QStringLiteral("pictures/") + name);
    }
    // The Trash's files/ folder, wherever XDG_DATA_HOME points now.
    static QString trashFiles()
    {
        return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                + QStringLiteral("/Trash/files");
    }
    // A Trash that cannot be made: XDG_DATA_HOME becomes a file (its folder would be inside it).
    // Returns the file's path, empty if it could not be written.
    QString block() const
    {
        const QString notAFolder = filePath(QStringLiteral("not-a-folder"));
        QFile blocker(notAFolder);
        if (!blocker.open(QIODevice::WriteOnly))
            return {};
        blocker.close();
        qputenv("XDG_DATA_HOME", notAFolder.toUtf8());
        return notAFolder;
    }

private:
    QTemporaryDir m_dir;
    bool m_ready = false;
};
