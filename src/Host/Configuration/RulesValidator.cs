using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// Validates a section through the options pattern with the section's own rules (its <c>Validate</c>
/// method, which throws <see cref="BadInputException"/> naming the setting, so the rules are written
/// once for the options pattern and for direct callers).
/// </summary>
internal sealed class RulesValidator<TOptions>(Action<TOptions> rules) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            rules(options);
            return ValidateOptionsResult.Success;
        }
        catch (BadInputException e)
        {
            // The rules name the setting themselves ("Pipeline:Frames: 0 must be at least 1").
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
