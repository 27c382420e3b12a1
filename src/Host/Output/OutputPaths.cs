using System.Runtime.InteropServices;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Output;

/// <summary>
/// The files a run writes — the <c>--out</c> folder and the <c>--report</c> file — checked before
/// the run starts, by trying what the run will do (creating the folder, creating or opening the
/// file) and undoing it, so that a path that cannot work (<c>/proc/x</c>, <c>/dev/null/x</c>, a
/// folder given as the report) is a bad-input error with nothing left behind, instead of a failure
/// after the whole run. A write that still fails at the end (a full disk, <c>/dev/full</c>) is
/// reported by <see cref="TryWriteReport"/> after the summary.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Checks that <paramref name="path"/> is, or can be created as, a folder this process can write into.</summary>
    /// <exception cref="BadInputException">It cannot.</exception>
    public static void CheckOutFolder(string path)
    {
        var where = ErrorText.Name(path);
        const string what = "cannot be used as the output folder (--out)";
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new BadInputException(where, $"{what}: it is not a folder");
        }

        if (!Directory.Exists(full))
        {
            ProbeNewFolder(full, where, what);
            return;
        }

        // Creating a folder would prove the parent writable; an existing folder may still not be.
        Probe(Path.Combine(full, ProbeName()), FileMode.CreateNew, where, $"{what}: cannot create a file in it");
    }

    /// <summary>
    /// Checks that <paramref name="path"/> can be written as the report: not a folder, and either an
    /// existing file this process may open for writing or one it can create (with its folders).
    /// A device or a pipe is left to the end (<c>--report /dev/stdout</c> is fine; opening a FIFO to
    /// probe it could block).
    /// </summary>
    /// <exception cref="BadInputException">It cannot.</exception>
    public static void CheckReportFile(string path)
    {
        var where = ErrorText.Name(path);
        const string what = "cannot be used as the report file (--report)";
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new BadInputException(where, $"{what}: it is a folder");
        }

        if (File.Exists(full))
        {
            if (InputFile.WhyNotRegular(full) is not null)
            {
                return;
            }

            // Opened for writing without truncating: an existing report stays as it is until the run's end.
            Probe(full, FileMode.Open, where, what);
            return;
        }

        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            ProbeNewFolder(folder, where, what);
            return;
        }

        Probe(full, FileMode.CreateNew, where, what);
    }

    /// <summary>Writes the report, creating its folder; the reason it failed, naming the file, or <c>null</c>.</summary>
    public static string? TryWriteReport(string path, string json)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, json);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{ErrorText.Name(path)}: cannot write the report: {Cause(e)}";
        }
    }

    /// <summary>Opens <paramref name="file"/> for writing and closes it; a file it creates is deleted on close.</summary>
    private static void Probe(string file, FileMode mode, string where, string failure)
    {
        try
        {
            var options = mode == FileMode.CreateNew ? FileOptions.DeleteOnClose : FileOptions.None;
            using (new FileStream(file, mode, FileAccess.Write, FileShare.ReadWrite, 1, options))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(where, $"{failure}: {Cause(e)}", e);
        }
    }

    /// <summary>
    /// Checks that the missing <paramref name="folder"/> can be created, by creating it under a
    /// stand-in name for its topmost missing folder and removing that: the folder itself never
    /// appears before the run, whose start a watcher may take its appearance for.
    /// </summary>
    private static void ProbeNewFolder(string folder, string where, string what)
    {
        var top = folder;
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new BadInputException(where, $"{what}: {ErrorText.Name(existing)} is not a folder");
            }

            top = existing;
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            throw new BadInputException(where, $"{what}: {ErrorText.Name(top)} has no existing parent folder");
        }

        var standIn = Path.Combine(existing, ProbeName());
        try
        {
            Directory.CreateDirectory(Path.Combine(standIn, Path.GetRelativePath(top, folder)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(where, $"{what}: cannot create {ErrorText.Name(top)}: {Cause(e)}", e);
        }
        finally
        {
            try
            {
                if (Directory.Exists(standIn))
                {
                    Directory.Delete(standIn, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Only the stand-in, made a moment ago, could be left; it is not in the user's way.
            }
        }
    }

    private static string ProbeName() => $".pdmabuf-probe-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>The operating system's reason, from the exception's type or its errno, not from its wording.</summary>
    private static string Cause(Exception e) => e switch
    {
        UnauthorizedAccessException when e.InnerException is IOException inner => Cause(inner),
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "no such file or folder",
        PathTooLongException => "the name is too long",
        IOException { HResult: > 0 and < 4096 } io => Lower(Marshal.GetPInvokeErrorMessage(io.HResult)),
        _ => Lower(e.Message.TrimEnd('.')),
    };

    private static string Lower(string text) => text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
