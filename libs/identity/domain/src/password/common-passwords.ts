/**
 * Passwords that top every breach corpus (the usual suspects of the public "most
 * common passwords" lists), lower-case. The policy also rejects these with digits or
 * symbols added around them, so bases like `password` matter even below the minimum
 * length. Kept small on purpose: a breached-password service can be added later at
 * the feature layer (it needs I/O, the domain does not do I/O).
 */
// A word list: kept compact, ten to a line.
// prettier-ignore
export const COMMON_PASSWORDS: readonly string[] = [
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111', '000000', '654321',
  '666666', '121212', '112233', '123321', '159753', '147258', '123654', '987654321', '1234', '4321',
  '1q2w3e', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4', 'q1w2e3r4t5', 'qwerty', 'qwerty123', 'qwerty1', 'qwertyuiop',
  'qwertyuiop123', 'qwertz', 'qwertz123', 'azerty', 'azerty123', 'asdfgh', 'asdfghjkl', 'asdf', 'asdf1234', 'zxcvbnm',
  'zxcvbn', 'qazwsx', 'qazwsxedc', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx', 'zaq1zaq1', 'xsw2zaq1', 'password', 'password1',
  'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa55word', 'pass', 'pass123', 'pass1234',
  'passwort', 'motdepasse', 'contrasena', 'contraseña', 'senha', 'wachtwoord', 'salasana', 'haslo', 'parola', 'passord',
  'letmein', 'letmein1', 'welcome', 'welcome1', 'welcome123', 'welcometo', 'hello', 'hello123', 'helloworld', 'hi',
  'admin', 'admin1', 'admin123', 'admin1234', 'administrator', 'root', 'toor', 'root123', 'changeme', 'changeit',
  'default', 'guest', 'user', 'user123', 'test', 'test123', 'test1234', 'testing', 'tester', 'demo',
  'secret', 'secret123', 'topsecret', 'iloveyou', 'iloveyou1', 'iloveyou2', 'loveyou', 'lovely', 'love', 'loveme',
  'monkey', 'monkey1', 'dragon', 'dragon1', 'master', 'master1', 'shadow', 'sunshine', 'princess', 'princess1',
  'football', 'football1', 'baseball', 'basketball', 'soccer', 'hockey', 'golf', 'tennis', 'jordan', 'jordan23',
  'michael', 'michelle', 'jennifer', 'jessica', 'ashley', 'daniel', 'charlie', 'thomas', 'robert', 'andrew',
  'joshua', 'matthew', 'anthony', 'william', 'nicole', 'hannah', 'amanda', 'samantha', 'elizabeth', 'maggie',
  'superman', 'batman', 'spiderman', 'starwars', 'pokemon', 'naruto', 'minecraft', 'fortnite', 'matrix', 'gandalf',
  'trustno1', 'whatever', 'freedom', 'ninja', 'mustang', 'ferrari', 'porsche', 'corvette', 'harley', 'yamaha',
  'access', 'access14', 'login', 'login123', 'abc123', 'abc1234', 'abcd1234', 'abcdef', 'abcdefg', 'abcdefgh',
  'abcdefghij', 'abcdefghijkl', 'a1b2c3', 'a1b2c3d4', 'aa123456', 'aaaaaa', 'aaaaaaaa', 'zzzzzz', 'qqqqqq', 'asdasd',
  'asd123', 'qwe123', 'qweasd', 'qweasdzxc', 'zxc123', 'qwer1234', 'asdf123', 'computer', 'internet', 'google',
  'facebook', 'twitter', 'linkedin', 'youtube', 'microsoft', 'windows', 'apple', 'samsung', 'iphone', 'android',
  'cookie', 'chocolate', 'banana', 'orange', 'pepper', 'ginger', 'cheese', 'summer', 'winter', 'autumn',
  'spring', 'monday', 'friday', 'sunday', 'january', 'october', 'november', 'december', 'flower', 'flowers',
  'tigger', 'buster', 'bailey', 'buddy', 'ginger1', 'sparky', 'snoopy', 'lucky', 'lucky7', 'angel',
  'angel1', 'angels', 'baby', 'babygirl', 'babygirl1', 'blessed', 'jesus', 'jesus1', 'god', 'heaven',
  'killer', 'hunter', 'hunter2', 'ranger', 'soldier', 'warrior', 'sniper', 'hacker', 'cowboy', 'pirate',
  'qwerty12', 'qwerty1234', '1qazxsw2', '!qaz2wsx', 'q2w3e4r5', 'passpass', 'password!', 'password1!', 'p4ssw0rd', 'passw0rd1',
  '11111111', '22222222', '88888888', '99999999', '12341234', '11223344', '123qwe', '123abc', '1234qwer', '12345qwert',
  '123456a', '123456q', 'a123456', 'q123456', '123456789a', '1234567890q', '0987654321', '9876543210', '147852369', '741852963',
  '159357', '1111', '0000', '2000', '1990', '1991', '2020', '2021', '2022', '2023',
  '2024', '2025', '2026', 'qwerty2024', 'summer2024', 'winter2024', 'spring2024', 'autumn2024', 'welcome2024', 'password2024',
  'mypassword', 'mysecret', 'nopassword', 'newpassword', 'oldpassword', 'temppassword', 'temp123', 'temp1234', 'tempass', 'startrek',
  'solo', 'master123', 'matrix1', 'mercedes', 'diamond', 'silver', 'golden', 'money', 'money123', 'cash',
  'bitcoin', 'crypto', 'business', 'company', 'office', 'work', 'work123', 'company123', 'weft', 'weft123',
  'workflow', 'automation', 'n8n', 'zapier', 'server', 'database', 'postgres', 'mysql', 'oracle', 'docker',
  'kubernetes', 'ubuntu', 'linux', 'debian', 'raspberry', 'jenkins', 'github', 'gitlab', 'developer', 'devops',
];
