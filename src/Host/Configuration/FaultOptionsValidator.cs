using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>Validates the <c>Faults</c> section through the options pattern with the rules of <see cref="FaultOptions.Validate"/>.</summary>
internal sealed class FaultOptionsValidator : IValidateOptions<FaultOptions>
{
    public ValidateOptionsResult Validate(string? name, FaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (BadInputException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
