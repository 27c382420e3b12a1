using System.CommandLine;
using System.CommandLine.Help;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// The <c>pdmabuf</c> command line: builds the commands, runs one, and turns every expected failure
/// into one line on stderr and an exit code (design §8). Only a bug shows a stack trace, and only
/// with <c>--verbose</c>.
/// </summary>
internal static class Pdmabuf
{
    public static int Run(string[] args, CliContext context)
    {
        var verbose = args.Contains("--verbose");
        // A plain Command rather than RootCommand: RootCommand names itself after the executable
        // (PluggableDmaBuf.Host), while users know the tool as pdmabuf.
        var root = new Command("pdmabuf",
            "pdmabuf - share buffers between plugin-loaded subsystems without copying, the dma-buf way.")
        {
            new HelpOption(),
            new VersionOption(),
            InspectCommand.Create(context),
            NegotiateCommand.Create(context),
            PluginsCommand.Create(context),
            RunCommand.Create(context),
        };
        var parse = root.Parse(DefaultToRun(args));
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                // Some parser messages list the allowed values one per line; an error stays one line.
                context.Error.WriteLine($"pdmabuf: {s_lineBreak.Replace(error.Message, " ")}");
            }

            context.Error.WriteLine("Try 'pdmabuf --help'.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is BadInputException or InvalidMediaException or InvalidConstraintException)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Plugins.PluginFailureException e)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.PluginFailure;
        }
        catch (BufferPlacementConflictException e)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.NegotiationConflict;
        }
        catch (DmaBufException e)
        {
            context.Error.WriteLine(e.Message);
            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.RuntimeFailure;
        }
    }

    private static readonly System.Text.RegularExpressions.Regex s_lineBreak =
        new(@"\s*[\r\n]+\s*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary><c>run</c> is the default command: no arguments, or options only, run the pipeline.</summary>
    private static string[] DefaultToRun(string[] args) =>
        args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
            ? ["run", .. args]
            : args;
}
