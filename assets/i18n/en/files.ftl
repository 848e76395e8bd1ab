# zenbraze — English: the user's files (profiles, workspace, send history): what this version
# cannot use and keeps as it is, and errors reading, locking or writing them. Every id here
# exists in es/files.ftl.

## Errors
files-cannot-read = Cannot read { $path }: { $reason }
files-cannot-write = Cannot write { $path }: { $reason }
files-cannot-lock = Cannot lock { $path } for writing: { $reason }
files-changed-not-workspace = { $path } was changed by another program and is no longer a workspace this version can read: nothing was saved over it ({ $reason })

## Kept as it is (read by this version, not usable, written back unchanged)
files-key-kind = `{ $key }` must be { $expected }, found { $found }
files-key-choice = `{ $key }` must be one of { $choices }, found “{ $value }”
files-not-an-object = it is not a JSON object
files-unknown-key = “{ $key }” is not known to this version of zenbraze; kept as it is
files-profile-no-name = it has no name
files-profile-entry-unusable = Profile { $index } cannot be used and is kept as it is: { $reason }
files-profile-unusable = Profile “{ $name }” cannot be used and is kept as it is: { $reason }
files-profile-duplicate = Profile “{ $name }” appears more than once: the first one is used, this one is kept as it is
files-profile-part-unusable = Profile “{ $name }”: its { $part } settings cannot be used and are kept as they are: { $reason }
files-profile-part-unknown = Profile “{ $name }”: “{ $part }” is not known to this version of zenbraze; kept as it is
files-workspace-newer = This workspace was written by a newer zenbraze (format { $found }; this version reads format { $supported }): what this version does not understand is kept as it is
files-payload-unusable = Payload { $index } is not a JSON object; kept as it is
files-payload-direction = Payload “{ $name }”: the direction “{ $value }” is unknown; kept as it is, Braze → Zendesk assumed
files-payload-target = Payload “{ $name }”: the lint target “{ $value }” is unknown; kept as it is, linting off
files-payload-header = Payload “{ $name }”: a header without a name and a value; kept as it is
files-payload-unknown = Payload “{ $name }”: “{ $key }” is not known to this version of zenbraze; kept as it is
files-user-unusable = User { $index } is not a JSON object; kept as it is
files-ticket-unusable = Sample ticket { $index } is not a JSON object; kept as it is
files-context-unusable = Render context { $index } needs a name and a context object; kept as it is
files-context-unknown = Render context “{ $name }”: “{ $key }” is not known to this version of zenbraze; kept as it is

## In the app
files-kept-heading = { $file }: { $count ->
    [one] 1 part cannot be used by this version of zenbraze and is kept as it is
   *[other] { $count } parts cannot be used by this version of zenbraze and are kept as they are
}

## zenbraze preset
files-preset-unknown = There is no preset `{ $name }`; the presets are { $known }
files-lock-timed-out = another zenbraze held it for more than { $seconds } s; gave up (is one stuck?)
