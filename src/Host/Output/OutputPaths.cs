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

        var created = CreateMissingFolders(full, where, what);
        try
        {
            // Creating the folder proved the parent writable; an existing folder may still not be.
            Probe(Path.Combine(full, $".pdmabuf-probe-{Environment.ProcessId}-{Guid.NewGuid():N}"), FileMode.CreateNew, where,
                $"{what}: cannot create a file in it");
        }
        finally
        {
            RemoveFolders(created);
        }
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

        var created = CreateMissingFolders(Path.GetDirectoryName(full)!, where, what);
        try
        {
            Probe(full, FileMode.CreateNew, where, what);
        }
        finally
        {
            RemoveFolders(created);
        }
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

    /// <summary>Creates <paramref name="folder"/> and its missing parents; returns the ones created, deepest first.</summary>
    private static List<string> CreateMissingFolders(string folder, string where, string what)
    {
        var missing = new List<string>();
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new BadInputException(where, $"{what}: {ErrorText.Name(existing)} is not a folder");
            }

            missing.Add(existing);
            existing = Path.GetDirectoryName(existing);
            if (existing is null)
            {
                break;
            }
        }

        var created = new List<string>();
        var attempt = folder;
        try
        {
            for (var i = missing.Count - 1; i >= 0; i--)
            {
                attempt = missing[i];
                Directory.CreateDirectory(attempt);
                created.Insert(0, attempt);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RemoveFolders(created);
            throw new BadInputException(where, $"{what}: cannot create {ErrorText.Name(attempt)}: {Cause(e)}", e);
        }

        return created;
    }

    private static void RemoveFolders(List<string> created)
    {
        foreach (var folder in created)
        {
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Something else put a file there meanwhile; it is not ours to delete.
            }
        }
    }

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
